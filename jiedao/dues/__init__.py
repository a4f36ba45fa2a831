"""工会经费: each enterprise's yearly assessment, payments imported from bank and tax statements, arrears and reminders, the commendation shortlist."""
