-- Scale for bench/studies.sh: a new area of 1,000 cells with 100,000 members in the demo ward,
-- studying its congress resolution in the demo's campaign: 90% attended its first sitting,
-- 70% have an accepted reflection and 10% a submitted one; half have an approved 2025 action
-- plan with two items (a numeric one serving a target, due end of 2025, and a done/not-done
-- one serving a program). One in 25 is exempt. Run once on a database holding `sotay demo`.
\set ON_ERROR_STOP on
BEGIN;

CREATE TEMP TABLE ward AS
SELECT id, path FROM organizations WHERE code = 'HA';

CREATE TEMP TABLE cells AS
SELECT gen_random_uuid()::text AS id, n FROM generate_series(1, 1000) AS n;
INSERT INTO organizations (id, parent_id, path, kind, name, code, created_at, updated_at)
SELECT c.id, ward.id, ward.path || c.id || '/', 'cell', 'Chi bộ thử tải ' || c.n, 'BENCH-' || c.n,
       now(), now()
FROM cells c, ward;

INSERT INTO members (id, card_number, full_name, search_name, sort_key, gender, date_of_birth,
                     phone, citizen_id, joined_on, official_on, party_status, activity_status,
                     org_id, org_path, attached_org_id, attached_org_path, password_hash,
                     must_change_password, session_epoch, created_at, updated_at)
SELECT gen_random_uuid()::text, '8' || lpad(((c.n - 1) * 100 + m)::text, 7, '0'),
       'Thành Viên Thử ' || ((c.n - 1) * 100 + m), 'thanh vien thu ' || ((c.n - 1) * 100 + m),
       'thanh vien thu ' || lpad(((c.n - 1) * 100 + m)::text, 7, '0'),
       NULL, NULL, NULL, NULL, NULL, NULL, 'official',
       CASE WHEN m % 25 = 0 THEN 'exempt' ELSE 'active' END,
       c.id, ward.path || c.id || '/', NULL, NULL, NULL, FALSE, 0, now(), now()
FROM cells c, ward, generate_series(1, 100) AS m;

CREATE TEMP TABLE bench_members AS
SELECT id, abs(hashtext(id)) % 100 AS h FROM members WHERE card_number LIKE '8%';

CREATE TEMP TABLE campaign AS
SELECT c.id, (SELECT cs.session_id FROM campaign_sessions cs
              JOIN sessions s ON s.id = cs.session_id
              WHERE cs.campaign_id = c.id ORDER BY s.starts_at LIMIT 1) AS first_session
FROM campaigns c LIMIT 1;

INSERT INTO attendances (session_id, member_id, status, method, checked_in_at, reason,
                         recorded_by, recorded_at)
SELECT c.first_session, m.id, CASE WHEN m.h % 10 = 0 THEN 'late' ELSE 'present' END, 'qr',
       now(), NULL, NULL, now()
FROM bench_members m, campaign c
WHERE m.h < 90;

INSERT INTO reflections (id, campaign_id, member_id, body, submitted_body, status,
                         review_comment, submitted_at, reviewed_by, reviewed_at, rounds,
                         created_at, updated_at)
SELECT gen_random_uuid()::text, c.id, m.id, 'Bài thu hoạch thử tải.', 'Bài thu hoạch thử tải.',
       CASE WHEN (m.h * 7) % 100 < 70 THEN 'accepted' ELSE 'submitted' END, NULL, now(), NULL,
       now(), 2, now(), now()
FROM bench_members m, campaign c
WHERE (m.h * 7) % 100 < 80;

CREATE TEMP TABLE resolution AS
SELECT id, structure::json AS s FROM documents WHERE code = '01-NQ/ĐH';

INSERT INTO action_plans (id, member_id, document_id, year, title, status, review_comment,
                          submitted_at, reviewed_by, reviewed_at, rounds, created_at, updated_at)
SELECT gen_random_uuid()::text, m.id, r.id, 2025, 'Kế hoạch thử tải', 'approved', NULL, now(),
       NULL, now(), 2, now(), now()
FROM bench_members m, resolution r
WHERE m.h % 2 = 0;

INSERT INTO plan_items (id, plan_id, title, description, link_kind, link_id, indicator, unit,
                        target_value, due_on, percent, met, latest_value, latest_done, reports,
                        position, created_at, updated_at)
SELECT gen_random_uuid()::text, p.id, 'Vận động hộ gia đình', NULL, 'target',
       r.s -> 'targets' -> (abs(hashtext(p.id)) % json_array_length(r.s -> 'targets')) ->> 'id',
       'numeric', 'hộ', 5, DATE '2025-12-31', v.reached * 20, v.reached >= 5, v.reached, NULL,
       1, 1, now(), now()
FROM action_plans p
JOIN bench_members m ON m.id = p.member_id, resolution r,
LATERAL (SELECT abs(hashtext(p.id || 'v')) % 6 AS reached) AS v;

INSERT INTO plan_items (id, plan_id, title, description, link_kind, link_id, indicator, unit,
                        target_value, due_on, percent, met, latest_value, latest_done, reports,
                        position, created_at, updated_at)
SELECT gen_random_uuid()::text, p.id, 'Hoàn thành lớp kỹ năng số', NULL, 'program',
       r.s -> 'programs' -> (abs(hashtext(p.id)) % json_array_length(r.s -> 'programs')) ->> 'id',
       'boolean', NULL, NULL, DATE '2026-12-31', CASE WHEN d.done THEN 100 ELSE 0 END, d.done,
       NULL, d.done, 1, 2, now(), now()
FROM action_plans p
JOIN bench_members m ON m.id = p.member_id, resolution r,
LATERAL (SELECT abs(hashtext(p.id || 'd')) % 3 = 0 AS done) AS d;

COMMIT;
-- Sets hint bits and the visibility map, as a database in use would have them.
VACUUM ANALYZE;
