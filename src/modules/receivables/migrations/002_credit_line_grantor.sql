-- Who granted a credit line: Receivables.creditProvider, which is the first member that ever set the line (a funder
-- can set only a line it granted, and the operator's later changes keep the grantor). Shown beside the line, and
-- what decides who may change it (the grantor or the operator). Existing rows take their last setter until a replay.
ALTER TABLE credit_lines ADD COLUMN granted_by text;
UPDATE credit_lines SET granted_by = set_by;
