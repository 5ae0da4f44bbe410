-- Distribution records are proof of what each household received: like the ledger they are
-- append-only; a mistake is undone by a row in distribution_reversals (and reversing transfers).
-- Re-run at every start. ledger_refuse_change() comes from 10-ledger.sql.

create or replace trigger distributions_append_only before update or delete on distributions
  for each row execute function ledger_refuse_change();
create or replace trigger distributions_no_truncate before truncate on distributions
  for each statement execute function ledger_refuse_change();
create or replace trigger distribution_lines_append_only before update or delete on distribution_lines
  for each row execute function ledger_refuse_change();
create or replace trigger distribution_lines_no_truncate before truncate on distribution_lines
  for each statement execute function ledger_refuse_change();
create or replace trigger distribution_reversals_append_only before update or delete on distribution_reversals
  for each row execute function ledger_refuse_change();
create or replace trigger distribution_reversals_no_truncate before truncate on distribution_reversals
  for each statement execute function ledger_refuse_change();
