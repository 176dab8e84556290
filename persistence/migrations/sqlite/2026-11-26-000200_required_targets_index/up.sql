-- "Documents required of me": the few required publications, without visiting the many that
-- are not (at 100,000 optional publications to one ward the filter read them all).
CREATE INDEX document_targets_required_idx ON document_targets (org_id, document_id) WHERE required;
