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
create or replace function ledger_canonical(t transfers) returns bytea
language sql stable parallel safe
as $$
  select convert_to(
    ledger_netstring('karvan-transfer-v1')
    || ledger_netstring(t.organisation_id::text)
    || ledger_netstring(t.chain_seq::text)
    || ledger_netstring(t.id::text)
    || ledger_netstring(t.operation_id::text)
    || ledger_netstring(t.kind::text)
    || ledger_netstring(t.from_account_id::text)
    || ledger_netstring(t.to_account_id::text)
    || ledger_netstring(t.item_id::text)
    || ledger_netstring(t.lot_id::text)
    || ledger_netstring(t.quantity_units::text)
    || ledger_netstring(t.reason)
    || ledger_netstring(t.user_id::text)
    || ledger_netstring(ledger_time(t.occurred_at))
    || ledger_netstring(ledger_time(t.recorded_at))
    || ledger_netstring(t.pledge_id::text)
    || ledger_netstring(t.need_line_id::text)
    || ledger_netstring(t.consignment_id::text)
    || ledger_netstring(t.distribution_id::text)
    || ledger_netstring(t.reverses_transfer_id::text),
    'UTF8')
$$;

-- Posts the transfers of one operation, in one call (one round trip), in the caller's
-- transaction: it locks the organisation's chain head, skips lines already recorded with the
-- same content (idempotent retries), refuses an id recorded with other content (KV002), hashes
-- each new line onto the chain, inserts them, and applies them to the balances, refusing any
-- holding or transit balance below zero (KV001). Either every line is posted or none is.
--
-- p_lines is a JSON array of objects with the keys id, kind, from_account_id, to_account_id,
-- item_id, lot_id, quantity_units, reason, occurred_at, pledge_id, need_line_id,
-- consignment_id, distribution_id, reverses_transfer_id. Returns the recorded rows, in order.
create or replace function ledger_post(p_organisation_id uuid, p_user_id uuid, p_operation_id uuid, p_lines jsonb)
returns setof transfers
language plpgsql
as $$
declare
  v_seq int8;
  v_hash bytea;
  v_recorded timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_new transfers[] := '{}';
  v_replayed uuid[] := '{}';
  v_any_replay boolean;
  v_line record;
  v_old transfers;
  v_t transfers;
  v_short record;
  v_accounts uuid[];
  v_items uuid[];
  v_lots uuid[];
  v_deltas int8[];
  v_non_negative boolean[];
begin
  -- Writers of one organisation queue here; other organisations' chains are other rows.
  select h.seq, h.hash into v_seq, v_hash from ledger_chain_heads h where h.organisation_id = p_organisation_id for update;
  if not found then
    insert into ledger_chain_heads (organisation_id, seq, hash)
    values (p_organisation_id, 0, decode(repeat('00', 32), 'hex'))
    on conflict do nothing;
    select h.seq, h.hash into v_seq, v_hash from ledger_chain_heads h where h.organisation_id = p_organisation_id for update;
  end if;

  select exists (
    select 1 from transfers t where t.id in (select (e->>'id')::uuid from jsonb_array_elements(p_lines) e)
  ) into v_any_replay;

  for v_line in
    select x.* from rows from (jsonb_to_recordset(p_lines) as (
      id uuid, kind transfer_kind, from_account_id uuid, to_account_id uuid, item_id uuid, lot_id uuid,
      quantity_units int8, reason text, occurred_at timestamptz, pledge_id uuid, need_line_id uuid,
      consignment_id uuid, distribution_id uuid, reverses_transfer_id uuid
    )) with ordinality as x
    order by x.ordinality
  loop
    if v_any_replay then
      select * into v_old from transfers t where t.id = v_line.id;
      if found then
        if (v_old.organisation_id, v_old.kind, v_old.from_account_id, v_old.to_account_id, v_old.item_id, v_old.lot_id,
            v_old.quantity_units, v_old.reason, v_old.occurred_at, v_old.pledge_id, v_old.need_line_id,
            v_old.consignment_id, v_old.distribution_id, v_old.reverses_transfer_id)
           is distinct from
           (p_organisation_id, v_line.kind, v_line.from_account_id, v_line.to_account_id, v_line.item_id, v_line.lot_id,
            v_line.quantity_units, v_line.reason, date_trunc('milliseconds', v_line.occurred_at), v_line.pledge_id,
            v_line.need_line_id, v_line.consignment_id, v_line.distribution_id, v_line.reverses_transfer_id) then
          raise exception using errcode = 'KV002',
            message = format('transfer %s was recorded already with other content', v_line.id),
            detail = json_build_object('transferId', v_line.id)::text;
        end if;
        v_replayed := v_replayed || v_old.id;
        continue;
      end if;
    end if;

    v_seq := v_seq + 1;
    v_t.id := v_line.id;
    v_t.organisation_id := p_organisation_id;
    v_t.chain_seq := v_seq;
    v_t.operation_id := p_operation_id;
    v_t.kind := v_line.kind;
    v_t.from_account_id := v_line.from_account_id;
    v_t.to_account_id := v_line.to_account_id;
    v_t.item_id := v_line.item_id;
    v_t.lot_id := v_line.lot_id;
    v_t.quantity_units := v_line.quantity_units;
    v_t.reason := v_line.reason;
    v_t.user_id := p_user_id;
    v_t.occurred_at := date_trunc('milliseconds', v_line.occurred_at);
    v_t.recorded_at := v_recorded;
    v_t.pledge_id := v_line.pledge_id;
    v_t.need_line_id := v_line.need_line_id;
    v_t.consignment_id := v_line.consignment_id;
    v_t.distribution_id := v_line.distribution_id;
    v_t.reverses_transfer_id := v_line.reverses_transfer_id;
    v_t.prev_hash := v_hash;
    v_hash := sha256(v_hash || ledger_canonical(v_t));
    v_t.hash := v_hash;
    v_new := v_new || v_t;
  end loop;

  if cardinality(v_new) > 0 then
    return query
      with inserted as (
        insert into transfers (
          id, organisation_id, chain_seq, operation_id, kind, from_account_id, to_account_id, item_id, lot_id,
          quantity_units, reason, user_id, occurred_at, recorded_at, pledge_id, need_line_id, consignment_id,
          distribution_id, reverses_transfer_id, prev_hash, hash)
        select n.id, n.organisation_id, n.chain_seq, n.operation_id, n.kind, n.from_account_id, n.to_account_id, n.item_id,
          n.lot_id, n.quantity_units, n.reason, n.user_id, n.occurred_at, n.recorded_at, n.pledge_id, n.need_line_id,
          n.consignment_id, n.distribution_id, n.reverses_transfer_id, n.prev_hash, n.hash
        from unnest(v_new) n
        returning *)
      select * from inserted order by chain_seq;

    -- The net change per account, item and lot, in key order.
    select array_agg(d.account_id order by d.account_id, d.item_id, d.lot_id),
           array_agg(d.item_id order by d.account_id, d.item_id, d.lot_id),
           array_agg(d.lot_id order by d.account_id, d.item_id, d.lot_id),
           array_agg(d.delta order by d.account_id, d.item_id, d.lot_id),
           array_agg(d.non_negative order by d.account_id, d.item_id, d.lot_id)
    into v_accounts, v_items, v_lots, v_deltas, v_non_negative
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
      -- (an INSERT ... ON CONFLICT would check it on the proposed row, the delta alone).
      perform 1 from account_balances b
      where (b.account_id, b.item_id, b.lot_id) in (select * from unnest(v_accounts, v_items, v_lots))
      order by b.account_id, b.item_id, b.lot_id
      for update;

      update account_balances b set balance_units = b.balance_units + d.delta
      from unnest(v_accounts, v_items, v_lots, v_deltas) as d(account_id, item_id, lot_id, delta)
      where (b.account_id, b.item_id, b.lot_id) = (d.account_id, d.item_id, d.lot_id);

      -- Rows seen for the first time; another poster may create one meanwhile, hence ON CONFLICT.
      insert into account_balances as b (account_id, item_id, lot_id, balance_units, non_negative)
      select d.account_id, d.item_id, d.lot_id, d.delta, d.non_negative
      from unnest(v_accounts, v_items, v_lots, v_deltas, v_non_negative) as d(account_id, item_id, lot_id, delta, non_negative)
      where not exists (
        select 1 from account_balances e where (e.account_id, e.item_id, e.lot_id) = (d.account_id, d.item_id, d.lot_id))
      order by d.account_id, d.item_id, d.lot_id
      on conflict (account_id, item_id, lot_id) do update set balance_units = b.balance_units + excluded.balance_units;
    exception when check_violation then
      -- The first key, in the same order, whose balance the operation would take below zero.
      select d.account_id, d.item_id, d.lot_id, coalesce(b.balance_units, 0) as available_units, -d.delta as needed_units
      into v_short
      from unnest(v_accounts, v_items, v_lots, v_deltas, v_non_negative) as d(account_id, item_id, lot_id, delta, non_negative)
      left join account_balances b on (b.account_id, b.item_id, b.lot_id) = (d.account_id, d.item_id, d.lot_id)
      where d.non_negative and coalesce(b.balance_units, 0) + d.delta < 0
      order by d.account_id, d.item_id, d.lot_id
      limit 1;
      raise exception using errcode = 'KV001',
        message = format('not enough stock: account %s holds %s units of lot %s, %s are needed',
          v_short.account_id, v_short.available_units, v_short.lot_id, v_short.needed_units),
        detail = json_build_object('accountId', v_short.account_id, 'itemId', v_short.item_id, 'lotId', v_short.lot_id,
          'availableUnits', v_short.available_units, 'neededUnits', v_short.needed_units)::text;
    end;

    update ledger_chain_heads set seq = v_seq, hash = v_hash, updated_at = v_recorded
    where organisation_id = p_organisation_id;
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
create or replace trigger lot_status_changes_append_only before update or delete on lot_status_changes
  for each row execute function ledger_refuse_change();
create or replace trigger lot_status_changes_no_truncate before truncate on lot_status_changes
  for each statement execute function ledger_refuse_change();
