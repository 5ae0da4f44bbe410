-- The stock ledger's routines: the canonical encoding of a transfer, the one routine that posts
-- transfers (ledger_post), and the trigger that keeps the ledger append-only.
-- Re-run at every start: everything here is `create or replace`.

-- A field of the canonical encoding: `<byte length>:<text>,`, or `~` for null (a netstring).
create or replace function ledger_netstring(v text) returns text
language sql immutable parallel safe
as $$ select case when v is null then '~' else octet_length(v)::text || ':' || v || ',' end $$;

-- Milliseconds, in UTC, as JavaScript's Date.toISOString() writes them.
create or replace function ledger_time(t timestamptz) returns text
language sql stable parallel safe
as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

-- The bytes hashed into the chain; src/domain/ledger/canonical.ts computes the same, and
-- docs/ledger.md specifies them. Changing the fields or their order needs a new format tag.
create or replace function ledger_canonical_fields(
  organisation_id uuid, chain_seq int8, id uuid, operation_id uuid, kind transfer_kind, from_account_id uuid,
  to_account_id uuid, item_id uuid, lot_id uuid, quantity_units int8, reason text, user_id uuid, occurred_at timestamptz,
  recorded_at timestamptz, pledge_line_id uuid, need_line_id uuid, consignment_id uuid, distribution_id uuid,
  reverses_transfer_id uuid) returns bytea
language sql stable parallel safe
as $$
  select convert_to(
    ledger_netstring('karvan-transfer-v1')
    || ledger_netstring(organisation_id::text)
    || ledger_netstring(chain_seq::text)
    || ledger_netstring(id::text)
    || ledger_netstring(operation_id::text)
    || ledger_netstring(kind::text)
    || ledger_netstring(from_account_id::text)
    || ledger_netstring(to_account_id::text)
    || ledger_netstring(item_id::text)
    || ledger_netstring(lot_id::text)
    || ledger_netstring(quantity_units::text)
    || ledger_netstring(reason)
    || ledger_netstring(user_id::text)
    || ledger_netstring(ledger_time(occurred_at))
    || ledger_netstring(ledger_time(recorded_at))
    || ledger_netstring(pledge_line_id::text)
    || ledger_netstring(need_line_id::text)
    || ledger_netstring(consignment_id::text)
    || ledger_netstring(distribution_id::text)
    || ledger_netstring(reverses_transfer_id::text),
    'UTF8')
$$;

create or replace function ledger_canonical(t transfers) returns bytea
language sql stable parallel safe
as $$
  select ledger_canonical_fields(t.organisation_id, t.chain_seq, t.id, t.operation_id, t.kind, t.from_account_id,
    t.to_account_id, t.item_id, t.lot_id, t.quantity_units, t.reason, t.user_id, t.occurred_at, t.recorded_at, t.pledge_line_id,
    t.need_line_id, t.consignment_id, t.distribution_id, t.reverses_transfer_id)
$$;

drop function if exists ledger_lines(jsonb);
drop function if exists ledger_post(uuid, uuid, uuid, jsonb);

-- Posts the transfers of one operation, in one call (one round trip), in the caller's
-- transaction: creates the accounts it names if they are new, locks the organisation's chain
-- head, skips lines already recorded with the same content (idempotent retries), refuses an id
-- recorded with other content (KV002), hashes each new line onto the chain, inserts them, and
-- applies them to the balances, refusing any holding or transit balance below zero (KV001).
-- Either every line is posted or none is.
--
-- p_accounts is a JSON array of {id, code, kind, organisation_id, location_id, consignment_id};
-- p_lines a JSON array of objects with the keys id, kind, from_account_id, to_account_id,
-- item_id, lot_id, quantity_units, reason, occurred_at, pledge_line_id, need_line_id, consignment_id,
-- distribution_id, reverses_transfer_id, and optionally operation_id: a bulk import posts the
-- lines of many operations (e.g. a thousand distribution records) in one call, each line under its
-- own operation; a line without one belongs to p_operation_id. Returns the recorded rows (new ones in chain order,
-- then any replayed ones).
create or replace function ledger_post(p_organisation_id uuid, p_user_id uuid, p_operation_id uuid, p_accounts jsonb, p_lines jsonb)
returns setof transfers
language plpgsql
-- Every query here looks up a few keys (at most a few thousand) by index. Without statistics (a
-- young database) the planner would hash whole tables instead; these settings keep it on the
-- indexes, whatever the statistics say.
set enable_hashjoin = off
set enable_mergejoin = off
set plan_cache_mode = force_generic_plan
as $$
declare
  v_seq int8;
  v_hash bytea;
  v_recorded timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_replayed uuid[];
  v_conflict uuid;
  v_encodings bytea[];
  v_prev bytea[] := '{}';
  v_hashes bytea[] := '{}';
  v_lines transfers[];
  v_new transfers[];
  v_short record;
  v_changes account_balances[];
  v_user_known boolean;
  v_bad_id uuid;
  v_bad_field text;
  v_any_recorded boolean;
  v_updated int;
begin
  insert into ledger_accounts (id, code, kind, organisation_id, location_id, consignment_id)
  select a.id, a.code, a.kind, a.organisation_id, a.location_id, a.consignment_id
  from jsonb_to_recordset(p_accounts) as a(id uuid, code text, kind account_kind, organisation_id uuid, location_id uuid, consignment_id uuid)
  order by a.id
  on conflict (id) do nothing;

  -- Writers of one organisation queue here; other organisations' chains are other rows.
  select h.seq, h.hash into v_seq, v_hash from ledger_chain_heads h where h.organisation_id = p_organisation_id for update;
  if not found then
    insert into ledger_chain_heads (organisation_id, seq, hash)
    values (p_organisation_id, 0, decode(repeat('00', 32), 'hex'))
    on conflict do nothing;
    select h.seq, h.hash into v_seq, v_hash from ledger_chain_heads h where h.organisation_id = p_organisation_id for update;
  end if;

  -- The lines, parsed once, in the order given; the columns they do not name stay null for now.
  select array_agg(jsonb_populate_record(null::transfers, e.line) order by e.n) into v_lines
  from jsonb_array_elements(p_lines) with ordinality as e(line, n);

  -- What foreign keys would check row by row, checked once for the whole posting; and whether
  -- any line was recorded before (a retry).
  select exists (select 1 from users u where u.id = p_user_id),
         (array_agg(x.id order by x.ordinality) filter (where x.field is not null))[1],
         (array_agg(x.field order by x.ordinality) filter (where x.field is not null))[1],
         coalesce(bool_or(x.recorded), false)
  into v_user_known, v_bad_id, v_bad_field, v_any_recorded
  from (
    select l.ordinality, l.id, case
        when not exists (select 1 from ledger_accounts a where a.id = l.from_account_id) then 'from_account_id'
        when not exists (select 1 from ledger_accounts a where a.id = l.to_account_id) then 'to_account_id'
        when not exists (select 1 from lots lo where lo.id = l.lot_id and lo.item_id = l.item_id) then 'lot_id'
      end as field,
      exists (select 1 from transfers t where t.id = l.id) as recorded
    from unnest(v_lines) with ordinality as l) x;
  if not v_user_known then
    raise exception using errcode = 'KV003', message = format('no user %s', p_user_id);
  end if;
  if v_bad_id is not null then
    raise exception using errcode = 'KV003',
      message = format('transfer %s names an unknown %s (or a lot of another item)', v_bad_id, v_bad_field),
      detail = json_build_object('transferId', v_bad_id, 'field', v_bad_field)::text;
  end if;

  -- Lines recorded before (a retry): the same content is skipped, other content refused.
  if v_any_recorded then
    select array_agg(t.id order by t.seq),
           (array_agg(t.id order by l.ordinality) filter (where
             (t.organisation_id, t.kind, t.from_account_id, t.to_account_id, t.item_id, t.lot_id, t.quantity_units, t.reason,
              t.occurred_at, t.pledge_line_id, t.need_line_id, t.consignment_id, t.distribution_id, t.reverses_transfer_id)
             is distinct from
             (p_organisation_id, l.kind, l.from_account_id, l.to_account_id, l.item_id, l.lot_id, l.quantity_units, l.reason,
              date_trunc('milliseconds', l.occurred_at), l.pledge_line_id, l.need_line_id, l.consignment_id, l.distribution_id,
              l.reverses_transfer_id)))[1]
    into v_replayed, v_conflict
    from unnest(v_lines) with ordinality as l join transfers t on t.id = l.id;
    if v_conflict is not null then
      raise exception using errcode = 'KV002',
        message = format('transfer %s was recorded already with other content', v_conflict),
        detail = json_build_object('transferId', v_conflict)::text;
    end if;
  end if;
  -- From here on, only the new lines.
  if v_replayed is not null then
    v_lines := array(select v_lines[i] from generate_subscripts(v_lines, 1) i where (v_lines[i]).id <> all(v_replayed) order by i);
  end if;

  -- The encodings of the new lines are computed together; only the chaining is one by one.
  select array_agg(ledger_canonical_fields(p_organisation_id, v_seq + l.ordinality, l.id, coalesce(l.operation_id, p_operation_id), l.kind,
           l.from_account_id, l.to_account_id, l.item_id, l.lot_id, l.quantity_units, l.reason, p_user_id,
           date_trunc('milliseconds', l.occurred_at), v_recorded, l.pledge_line_id, l.need_line_id, l.consignment_id,
           l.distribution_id, l.reverses_transfer_id) order by l.ordinality)
  into v_encodings
  from unnest(v_lines) with ordinality as l;

  if v_encodings is not null then
    for i in 1 .. cardinality(v_encodings) loop
      v_prev[i] := v_hash;
      v_hash := sha256(v_hash || v_encodings[i]);
      v_hashes[i] := v_hash;
    end loop;

    with inserted as (
      insert into transfers (
        id, organisation_id, chain_seq, operation_id, kind, from_account_id, to_account_id, item_id, lot_id,
        quantity_units, reason, user_id, occurred_at, recorded_at, pledge_line_id, need_line_id, consignment_id,
        distribution_id, reverses_transfer_id, prev_hash, hash)
      select l.id, p_organisation_id, v_seq + l.ordinality, coalesce(l.operation_id, p_operation_id), l.kind, l.from_account_id, l.to_account_id,
        l.item_id, l.lot_id, l.quantity_units, l.reason, p_user_id, date_trunc('milliseconds', l.occurred_at), v_recorded,
        l.pledge_line_id, l.need_line_id, l.consignment_id, l.distribution_id, l.reverses_transfer_id,
        v_prev[l.ordinality], v_hashes[l.ordinality]
      from unnest(v_lines) with ordinality as l
      order by l.ordinality
      returning *)
    select array_agg(i order by i.chain_seq) into v_new from inserted i;
    v_seq := v_seq + cardinality(v_encodings);

    -- The net change per account, item and lot, in key order (balance_units holds the change).
    select array_agg(row(d.account_id, d.item_id, d.lot_id, d.delta, d.non_negative)::account_balances
                     order by d.account_id, d.item_id, d.lot_id)
    into v_changes
    from (
      select x.account_id, x.item_id, x.lot_id, sum(x.delta)::int8 as delta, bool_or(a.kind in ('holding', 'transit')) as non_negative
      from (
        select n.from_account_id as account_id, n.item_id, n.lot_id, -n.quantity_units as delta from unnest(v_new) n
        union all
        select n.to_account_id, n.item_id, n.lot_id, n.quantity_units from unnest(v_new) n
      ) x
      join ledger_accounts a on a.id = x.account_id
      group by x.account_id, x.item_id, x.lot_id
    ) d;

    begin
      -- Lock the existing rows in key order first: concurrent posters then queue on the first
      -- row they share instead of deadlocking. An UPDATE checks the CHECK on the new balance
      -- (an INSERT ... ON CONFLICT would check it on the proposed row, the change alone).
      perform 1
      from unnest(v_changes) with ordinality as d,
        lateral (select 1 from account_balances b
                 where (b.account_id, b.item_id, b.lot_id) = (d.account_id, d.item_id, d.lot_id) for update) b;

      update account_balances b set balance_units = b.balance_units + d.balance_units
      from unnest(v_changes) as d
      where (b.account_id, b.item_id, b.lot_id) = (d.account_id, d.item_id, d.lot_id);
      get diagnostics v_updated = row_count;

      -- Rows seen for the first time; another poster may create one meanwhile, hence ON CONFLICT.
      if v_updated < cardinality(v_changes) then
        insert into account_balances as b (account_id, item_id, lot_id, balance_units, non_negative)
        select d.account_id, d.item_id, d.lot_id, d.balance_units, d.non_negative
        from unnest(v_changes) with ordinality as d
        where not exists (
          select 1 from account_balances e where (e.account_id, e.item_id, e.lot_id) = (d.account_id, d.item_id, d.lot_id))
        order by d.ordinality
        on conflict (account_id, item_id, lot_id) do update set balance_units = b.balance_units + excluded.balance_units;
      end if;
    exception when check_violation then
      -- The first key, in the same order, whose balance the operation would take below zero.
      select d.account_id, d.item_id, d.lot_id, coalesce(b.balance_units, 0) as available_units, -d.balance_units as needed_units
      into v_short
      from unnest(v_changes) with ordinality as d
      left join account_balances b on (b.account_id, b.item_id, b.lot_id) = (d.account_id, d.item_id, d.lot_id)
      where d.non_negative and coalesce(b.balance_units, 0) + d.balance_units < 0
      order by d.ordinality
      limit 1;
      raise exception using errcode = 'KV001',
        message = format('not enough stock: account %s holds %s units of lot %s, %s are needed',
          v_short.account_id, v_short.available_units, v_short.lot_id, v_short.needed_units),
        detail = json_build_object('accountId', v_short.account_id, 'itemId', v_short.item_id, 'lotId', v_short.lot_id,
          'availableUnits', v_short.available_units, 'neededUnits', v_short.needed_units)::text;
    end;

    update ledger_chain_heads set seq = v_seq, hash = v_hash, updated_at = v_recorded
    where organisation_id = p_organisation_id;
    return query select * from unnest(v_new);
  end if;

  if cardinality(v_replayed) > 0 then
    return query select * from transfers t where t.id = any(v_replayed) order by t.seq;
  end if;
end
$$;

-- The ledger is append-only: a mistake is corrected by a reversing transfer, never by an edit.
create or replace function ledger_refuse_change() returns trigger
language plpgsql
as $$
begin
  raise exception using errcode = 'KV004',
    message = format('%s is append-only: %s is refused; record a reversing entry instead', tg_table_name, lower(tg_op));
end
$$;

create or replace trigger transfers_append_only before update or delete on transfers
  for each row execute function ledger_refuse_change();
create or replace trigger transfers_no_truncate before truncate on transfers
  for each statement execute function ledger_refuse_change();
-- Accounts and lots are named by the ledger, without foreign keys (see ledger_post): they are
-- never deleted, an account never changes, and a lot never changes item.
create or replace function ledger_refuse_delete() returns trigger
language plpgsql
as $$
begin
  if tg_op = 'UPDATE' and tg_table_name = 'lots' then
    if new.item_id = old.item_id then
      return new;
    end if;
  end if;
  raise exception using errcode = 'KV004',
    message = format('%s are named by the stock ledger: %s is refused', tg_table_name, lower(tg_op));
end
$$;

create or replace trigger ledger_accounts_fixed before update or delete on ledger_accounts
  for each row execute function ledger_refuse_delete();
create or replace trigger ledger_accounts_no_truncate before truncate on ledger_accounts
  for each statement execute function ledger_refuse_delete();
create or replace trigger lots_kept before update of item_id or delete on lots
  for each row execute function ledger_refuse_delete();
create or replace trigger lots_no_truncate before truncate on lots
  for each statement execute function ledger_refuse_delete();
create or replace trigger lot_status_changes_append_only before update or delete on lot_status_changes
  for each row execute function ledger_refuse_change();
create or replace trigger lot_status_changes_no_truncate before truncate on lot_status_changes
  for each statement execute function ledger_refuse_change();
