-- Clone the tips already in a stopped server's database up to :target tips,
-- for bench/search.sh. Every per-tip table that the officer's list and
-- search read is copied with the new id: tips (the row and its ciphertext),
-- tip_keys (the tip key sealed to each unit on the path), tip_terms (the
-- blind index) and tip_indexed (so that the server does not index again).
-- A clone is a real encrypted tip that the unit key opens, but it shares its
-- ciphertext, its index terms and its receipt check with its original.
-- Run: sqlite3 -cmd ".parameter set :target 100000" DB < bench/seed_clone.sql
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE src(k INTEGER PRIMARY KEY, id INTEGER NOT NULL);
INSERT INTO src(k, id) SELECT row_number() OVER (ORDER BY id) - 1, id FROM tips;
CREATE TEMP TABLE map(new_id INTEGER PRIMARY KEY, old_id INTEGER NOT NULL);
WITH RECURSIVE i(n) AS (
  SELECT 1 UNION ALL SELECT n + 1 FROM i
  WHERE n < :target - (SELECT count(*) FROM src)
)
INSERT INTO map(new_id, old_id)
  SELECT (SELECT max(id) FROM src) + i.n,
         (SELECT id FROM src WHERE k = (i.n - 1) % (SELECT count(*) FROM src))
  FROM i WHERE :target > (SELECT count(*) FROM src);
INSERT INTO tips(id, unit_id, category, channel, status, received_on, province_code,
                 has_identity, content, identity, receipt_salt, receipt_bucket,
                 receipt_check, receipt_wrapped, acknowledged_on, updated_on,
                 purged_on, keep_until)
  SELECT m.new_id, t.unit_id, t.category, t.channel, t.status, t.received_on,
         t.province_code, t.has_identity, t.content, t.identity, t.receipt_salt,
         t.receipt_bucket, t.receipt_check, t.receipt_wrapped, t.acknowledged_on,
         t.updated_on, t.purged_on, t.keep_until
  FROM map m JOIN tips t ON t.id = m.old_id ORDER BY m.new_id;
INSERT INTO tip_keys(tip_id, unit_id, sealed_key)
  SELECT m.new_id, k.unit_id, k.sealed_key
  FROM map m JOIN tip_keys k ON k.tip_id = m.old_id;
INSERT INTO tip_terms(unit_id, term, tip_id)
  SELECT x.unit_id, x.term, m.new_id
  FROM map m JOIN tip_terms x ON x.tip_id = m.old_id;
INSERT INTO tip_indexed(tip_id, unit_id)
  SELECT m.new_id, x.unit_id
  FROM map m JOIN tip_indexed x ON x.tip_id = m.old_id;
COMMIT;
SELECT 'tips', count(*) FROM tips;
SELECT 'tip_keys', count(*) FROM tip_keys;
SELECT 'tip_terms', count(*) FROM tip_terms;
SELECT 'tip_indexed', count(*) FROM tip_indexed;
