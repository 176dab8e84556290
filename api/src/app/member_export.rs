//! Members out in bulk, as the import reads them: an Excel-ready CSV (UTF-8 with a BOM).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::NaiveDate;
use sotay_domain::access::{self, Scope};
use sotay_domain::ids::OrgId;
use sotay_persistence::members::{self, MemberFilter};
use sotay_persistence::{DbConnection, orgs};

use crate::app::member_import::{COLUMNS, UTF8_BOM};
use crate::app::orgs::visible_org;
use crate::error::ApiError;

/// The members of the subtree the caller manages (or of `org_id` in it), every column of the
/// import format, read a thousand at a time.
pub fn csv(
    connection: &mut DbConnection,
    caller: &access::Caller,
    org_id: Option<uuid::Uuid>,
) -> Result<Vec<u8>, ApiError> {
    if !caller.is_manager() {
        return Err(ApiError::Forbidden);
    }
    let scope: Scope = caller.managed_scope();
    let within = match &org_id {
        Some(id) => {
            let (_, path) = visible_org(connection, caller, &id.to_string())?;
            if !caller.can_manage(&path) {
                return Err(ApiError::Forbidden);
            }
            Some(path)
        }
        None => None,
    };
    let mut codes: HashMap<OrgId, String> = HashMap::new();
    let mut writer = csv::Writer::from_writer(UTF8_BOM.as_bytes().to_vec());
    writer.write_record(COLUMNS).map_err(ApiError::internal)?;
    let mut after: Option<String> = None;
    loop {
        let filter = MemberFilter {
            within: within.as_ref(),
            ..MemberFilter::default()
        };
        let rows = members::list(connection, &scope, &filter, after.as_deref(), 1000)?;
        let Some(last) = rows.last() else { break };
        after = Some(last.sort_key.clone());
        for row in &rows {
            if let Entry::Vacant(slot) = codes.entry(row.org_id) {
                let code = orgs::find(connection, row.org_id)?
                    .map(|org| org.code)
                    .unwrap_or_default();
                slot.insert(code);
            }
            let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            writer
                .write_record([
                    row.card_number.clone(),
                    row.full_name.clone(),
                    row.gender.map(String::from).unwrap_or_default(),
                    date(row.date_of_birth),
                    row.phone.clone().unwrap_or_default(),
                    row.citizen_id.clone().unwrap_or_default(),
                    date(row.joined_on),
                    date(row.official_on),
                    String::from(row.party_status),
                    String::from(row.activity_status),
                    codes.get(&row.org_id).cloned().unwrap_or_default(),
                ])
                .map_err(ApiError::internal)?;
        }
    }
    writer.into_inner().map_err(ApiError::internal)
}
