-- Scale for bench/documents.sh: 100,000 more documents published to the demo ward, and a
-- new area of 1,000 cells with 100,000 members, of whom 60% opened the ward's congress
-- resolution and 40% acknowledged it. Run once on a database holding `sotay demo`.
\set ON_ERROR_STOP on
BEGIN;

CREATE TEMP TABLE ward AS
SELECT id, path FROM organizations WHERE code = 'HA';

-- Documents: titles from a small vocabulary, so that searches hit many or few.
INSERT INTO documents (id, org_id, kind, code, issuer, issued_on, title, summary, body,
                       structure, search_text, status, version, created_by, created_at,
                       updated_at, published_at)
SELECT gen_random_uuid()::text, ward.id, 'notice', (1000 + n) || '-TB/ĐU', 'Đảng ủy phường',
       DATE '2025-01-01' + (n % 300),
       'Thông báo số ' || n || ' về ' || topic.vi,
       'Nội dung tóm tắt của thông báo số ' || n || '.', NULL, NULL,
       (1000 + n) || '-tb/du thong bao so ' || n || ' ve ' || topic.folded
           || ' dang uy phuong noi dung tom tat cua thong bao so ' || n || '.',
       'published', 1, NULL, now(), now(), now()
FROM ward, generate_series(1, 100000) AS n,
LATERAL (SELECT (ARRAY['chuyển đổi số', 'chỉnh trang đô thị', 'nông nghiệp', 'y tế cơ sở',
                       'giáo dục', 'an ninh trật tự', 'công tác cán bộ', 'kiểm tra giám sát'])[1 + n % 8] AS vi,
                (ARRAY['chuyen doi so', 'chinh trang do thi', 'nong nghiep', 'y te co so',
                       'giao duc', 'an ninh trat tu', 'cong tac can bo', 'kiem tra giam sat'])[1 + n % 8] AS folded) AS topic;

INSERT INTO document_targets (id, document_id, org_id, required, due_on, published_by, published_at)
SELECT gen_random_uuid()::text, d.id, ward.id, FALSE, NULL, NULL, now()
FROM documents d, ward
WHERE d.code LIKE '%-TB/ĐU' AND d.org_id = ward.id
  AND NOT EXISTS (SELECT 1 FROM document_targets t WHERE t.document_id = d.id);

-- An area of 1,000 cells with 100 members each.
CREATE TEMP TABLE cells AS
SELECT gen_random_uuid()::text AS id, n FROM generate_series(1, 1000) AS n;
INSERT INTO organizations (id, parent_id, path, kind, name, code, created_at, updated_at)
SELECT c.id, ward.id, ward.path || c.id || '/', 'cell', 'Chi bộ thử tải ' || c.n, 'BENCH-' || c.n,
       now(), now()
FROM cells c, ward;

INSERT INTO members (id, card_number, full_name, search_name, gender, date_of_birth, phone,
                     citizen_id, joined_on, official_on, party_status, activity_status, org_id,
                     org_path, attached_org_id, attached_org_path, password_hash,
                     must_change_password, session_epoch, created_at, updated_at)
SELECT gen_random_uuid()::text, '8' || lpad(((c.n - 1) * 100 + m)::text, 7, '0'),
       'Thành Viên Thử ' || ((c.n - 1) * 100 + m), 'thanh vien thu ' || ((c.n - 1) * 100 + m),
       NULL, NULL, NULL, NULL, NULL, NULL, 'official',
       CASE WHEN m % 25 = 0 THEN 'exempt' ELSE 'active' END,
       c.id, ward.path || c.id || '/', NULL, NULL, NULL, FALSE, 0, now(), now()
FROM cells c, ward, generate_series(1, 100) AS m;

-- Reads of the congress resolution: 60% opened it, 40% acknowledged it.
INSERT INTO document_reads (id, document_id, member_id, version, opened_at, acknowledged_at, changed_at)
SELECT gen_random_uuid()::text, d.id, mem.id, d.version, now(),
       CASE WHEN abs(hashtext(mem.id)) % 10 < 4 THEN now() END, now()
FROM members mem
JOIN documents d ON d.code = '01-NQ/ĐH'
WHERE mem.card_number LIKE '8%' AND abs(hashtext(mem.id)) % 10 < 6;

COMMIT;
-- Sets hint bits and the visibility map, as a database in use would have them.
VACUUM ANALYZE;
