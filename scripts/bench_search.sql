-- Full-text search on the PostgreSQL archive, measured (issue 19): the archive's own index
-- (reading.grams: characters and neighbouring pairs, GIN) against pg_trgm (GIN, gin_trgm_ops) and a
-- plain scan, on the archive's readings copied COPIES times (psql -v copies=60 -f scripts/bench_search.sql).
-- Run by scripts/bench_queue.sh (part 4: a throwaway cluster, an archive of corpus/seeds, variants, variants2, docx).
\set ON_ERROR_STOP on
\timing off
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TABLE IF EXISTS bench_search;
CREATE TABLE bench_search AS
  SELECT row_number() OVER () AS id, r.text || E'\n#' || n AS text, r.grams
  FROM reading r, generate_series(1, :copies) n WHERE r.status = 'ok';
CREATE INDEX bench_search_grams ON bench_search USING gin (grams);
CREATE INDEX bench_search_trgm ON bench_search USING gin (text gin_trgm_ops);
VACUUM ANALYZE bench_search;
SELECT count(*) AS documents, pg_size_pretty(sum(octet_length(text))) AS text,
       pg_size_pretty(pg_relation_size('bench_search_grams')) AS grams_index,
       pg_size_pretty(pg_relation_size('bench_search_trgm')) AS trgm_index FROM bench_search;
-- A query's numbers, as SearchGrams.query computes them (characters flagged by bit 42, pairs as two code points).
CREATE OR REPLACE FUNCTION pg_temp.q_grams(q text) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
  WITH c AS (SELECT i, substr(q, i, 1) AS ch FROM generate_series(1, length(q)) i),
  f AS (SELECT i, CASE WHEN ch ~ '[A-Z]' THEN ascii(ch) + 32 ELSE ascii(ch) END AS v, ch ~ '\s' AS ws FROM c)
  SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}') FROM (
    -- a character alone only where it has no neighbour in the query
    SELECT (1::bigint << 42) | v AS g FROM f x WHERE NOT ws
      AND NOT EXISTS (SELECT 1 FROM f y WHERE abs(y.i - x.i) = 1 AND NOT y.ws)
    UNION ALL SELECT (a.v::bigint << 21) | b.v FROM f a JOIN f b ON b.i = a.i + 1 WHERE NOT a.ws AND NOT b.ws) s $$;
-- The best of RUNS timings of a count(*) query, and its count.
CREATE OR REPLACE FUNCTION pg_temp.best(sql text, runs int) RETURNS TABLE(ms numeric, hits bigint) LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; b numeric := 1e9; n bigint;
BEGIN
  FOR i IN 1..runs LOOP
    t0 := clock_timestamp();
    EXECUTE sql INTO n;
    b := least(b, extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
  RETURN QUERY SELECT round(b, 1), n;
END $$;
SELECT q AS query, length(q) AS chars,
  g.ms AS grams_ms, g.hits AS grams_hits, t.ms AS trgm_ms, t.hits AS trgm_hits, s.ms AS scan_ms, s.hits AS scan_hits
FROM unnest(ARRAY['龙', '龙岗', '督导', '平湖街道', '社区党群服务中心', '深圳市龙岗区平湖街道办事处', '服务费用以逐月支付为原则', '不在任何文件里的句子']) q,
-- (the archive tests a query without cased letters on the text as stored: no lower())
LATERAL pg_temp.best(format('SELECT count(*) FROM bench_search WHERE grams @> %L::bigint[] AND strpos(text, %L) > 0', pg_temp.q_grams(q), q), 3) g,
LATERAL pg_temp.best(format('SELECT count(*) FROM bench_search WHERE text ILIKE %L', '%' || q || '%'), 3) t,
LATERAL pg_temp.best(format('SELECT count(*) FROM bench_search WHERE strpos(text, %L) > 0', q), 3) s;
DROP TABLE bench_search;
