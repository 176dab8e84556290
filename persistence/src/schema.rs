//! The tables, written once for both backends (`diesel print-schema` output differs between
//! them, so this file is maintained by hand and checked against the migrated database of each
//! backend by `tests/api/schema_agreement.rs`).

diesel::table! {
    instance (id) {
        id -> Integer,
        instance_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    organizations (id) {
        id -> Text,
        parent_id -> Nullable<Text>,
        path -> Text,
        kind -> Text,
        name -> Text,
        code -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    members (id) {
        id -> Text,
        card_number -> Text,
        full_name -> Text,
        search_name -> Text,
        sort_key -> Text,
        gender -> Nullable<Text>,
        date_of_birth -> Nullable<Date>,
        phone -> Nullable<Text>,
        citizen_id -> Nullable<Text>,
        joined_on -> Nullable<Date>,
        official_on -> Nullable<Date>,
        party_status -> Text,
        activity_status -> Text,
        org_id -> Text,
        org_path -> Text,
        attached_org_id -> Nullable<Text>,
        attached_org_path -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        must_change_password -> Bool,
        session_epoch -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> Text,
        member_id -> Text,
        org_id -> Text,
        kind -> Text,
        from_date -> Date,
        until_date -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    positions (id) {
        id -> Text,
        member_id -> Text,
        org_id -> Nullable<Text>,
        role -> Text,
        from_date -> Date,
        until_date -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        member_id -> Text,
        token_hash -> Text,
        session_epoch -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        spent_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_throttles (key) {
        key -> Text,
        failures -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        pending -> Integer,
        pending_since -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        occurred_at -> Timestamp,
        actor_id -> Nullable<Text>,
        action -> Text,
        object_type -> Text,
        object_id -> Text,
        org_id -> Nullable<Text>,
        details -> Text,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        org_id -> Text,
        kind -> Text,
        code -> Text,
        issuer -> Text,
        issued_on -> Nullable<Date>,
        title -> Text,
        summary -> Nullable<Text>,
        body -> Nullable<Text>,
        structure -> Nullable<Text>,
        search_text -> Text,
        status -> Text,
        version -> Integer,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        list_key -> Text,
    }
}

diesel::table! {
    document_versions (id) {
        id -> Text,
        document_id -> Text,
        version -> Integer,
        kind -> Text,
        code -> Text,
        issuer -> Text,
        issued_on -> Nullable<Date>,
        title -> Text,
        summary -> Nullable<Text>,
        body -> Nullable<Text>,
        structure -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        attachments -> Nullable<Text>,
    }
}

diesel::table! {
    document_targets (id) {
        id -> Text,
        document_id -> Text,
        org_id -> Text,
        required -> Bool,
        due_on -> Nullable<Date>,
        published_by -> Nullable<Text>,
        published_at -> Timestamp,
    }
}

diesel::table! {
    document_reads (id) {
        id -> Text,
        document_id -> Text,
        member_id -> Text,
        version -> Integer,
        opened_at -> Timestamp,
        acknowledged_at -> Nullable<Timestamp>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    document_attachments (id) {
        id -> Text,
        document_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        content -> Binary,
        uploaded_by -> Nullable<Text>,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    data_fixes (name) {
        name -> Text,
        applied_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        kind -> Text,
        title -> Text,
        host_org_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        location -> Nullable<Text>,
        mode -> Text,
        online_url -> Nullable<Text>,
        chair_id -> Nullable<Text>,
        minute_taker_id -> Nullable<Text>,
        makeup_of -> Nullable<Text>,
        state -> Text,
        late_after_minutes -> Integer,
        check_in_secret -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        list_key -> Text,
    }
}

diesel::table! {
    session_orgs (session_id, org_id) {
        session_id -> Text,
        org_id -> Text,
    }
}

diesel::table! {
    session_documents (session_id, document_id) {
        session_id -> Text,
        document_id -> Text,
    }
}

diesel::table! {
    session_rsvps (session_id, member_id) {
        session_id -> Text,
        member_id -> Text,
        response -> Text,
        reason -> Nullable<Text>,
        answered_at -> Timestamp,
    }
}

diesel::table! {
    attendances (session_id, member_id) {
        session_id -> Text,
        member_id -> Text,
        status -> Text,
        method -> Text,
        checked_in_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    attendance_changes (id) {
        id -> Text,
        session_id -> Text,
        member_id -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        method -> Text,
        reason -> Nullable<Text>,
        changed_by -> Nullable<Text>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    check_in_receipts (member_id, client_id) {
        member_id -> Text,
        client_id -> Text,
        session_id -> Text,
        request_digest -> Text,
        outcome -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Text,
        document_id -> Text,
        title -> Text,
        host_org_id -> Text,
        deadline -> Date,
        target_percent -> Integer,
        reflection_rule -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        list_key -> Text,
    }
}

diesel::table! {
    campaign_orgs (campaign_id, org_id) {
        campaign_id -> Text,
        org_id -> Text,
    }
}

diesel::table! {
    campaign_sessions (campaign_id, session_id) {
        campaign_id -> Text,
        session_id -> Text,
    }
}

diesel::table! {
    reflections (id) {
        id -> Text,
        campaign_id -> Text,
        member_id -> Text,
        body -> Nullable<Text>,
        submitted_body -> Nullable<Text>,
        status -> Text,
        review_comment -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
        rounds -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reflection_events (id) {
        id -> Text,
        reflection_id -> Text,
        status -> Text,
        body -> Nullable<Text>,
        comment -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    action_plans (id) {
        id -> Text,
        member_id -> Text,
        document_id -> Text,
        year -> Integer,
        title -> Text,
        status -> Text,
        review_comment -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
        rounds -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_items (id) {
        id -> Text,
        plan_id -> Text,
        title -> Text,
        description -> Nullable<Text>,
        link_kind -> Nullable<Text>,
        link_id -> Nullable<Text>,
        indicator -> Text,
        unit -> Nullable<Text>,
        target_value -> Nullable<Double>,
        due_on -> Date,
        percent -> Double,
        met -> Bool,
        latest_value -> Nullable<Double>,
        latest_done -> Nullable<Bool>,
        reports -> Integer,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    progress_reports (id) {
        id -> Text,
        item_id -> Text,
        value -> Nullable<Double>,
        done -> Nullable<Bool>,
        note -> Nullable<Text>,
        reported_on -> Date,
        reported_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plan_events (id) {
        id -> Text,
        plan_id -> Text,
        status -> Text,
        comment -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    notification_events (id) {
        id -> Text,
        kind -> Text,
        object_type -> Text,
        object_id -> Text,
        subject -> Text,
        happens_at -> Nullable<Timestamp>,
        note -> Nullable<Text>,
        dedupe_key -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (member_id, event_id) {
        member_id -> Text,
        event_id -> Text,
        topic -> Text,
        read_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    devices (id) {
        id -> Text,
        member_id -> Text,
        platform -> Text,
        token -> Text,
        family_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    push_outbox (id) {
        id -> Text,
        event_id -> Text,
        device_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    withdrawals (id) {
        id -> Text,
        object_type -> Text,
        object_id -> Text,
        org_id -> Text,
        at -> Timestamp,
    }
}

diesel::joinable!(positions -> members (member_id));
diesel::joinable!(document_attachments -> documents (document_id));
diesel::joinable!(document_targets -> organizations (org_id));
diesel::joinable!(document_targets -> documents (document_id));
diesel::joinable!(document_reads -> documents (document_id));
diesel::joinable!(members -> organizations (org_id));
diesel::joinable!(audit_events -> organizations (org_id));
diesel::joinable!(sessions -> organizations (host_org_id));
diesel::joinable!(session_orgs -> sessions (session_id));
diesel::joinable!(session_documents -> sessions (session_id));
diesel::joinable!(session_documents -> documents (document_id));
diesel::joinable!(attendances -> members (member_id));
diesel::joinable!(session_rsvps -> members (member_id));
diesel::joinable!(campaigns -> organizations (host_org_id));
diesel::joinable!(campaigns -> documents (document_id));
diesel::joinable!(campaign_orgs -> campaigns (campaign_id));
diesel::joinable!(campaign_sessions -> campaigns (campaign_id));
diesel::joinable!(reflections -> campaigns (campaign_id));
diesel::joinable!(reflections -> members (member_id));
diesel::joinable!(reflection_events -> reflections (reflection_id));
diesel::joinable!(plan_items -> action_plans (plan_id));
diesel::joinable!(progress_reports -> plan_items (item_id));
diesel::joinable!(plan_events -> action_plans (plan_id));
diesel::joinable!(notifications -> notification_events (event_id));
diesel::joinable!(notifications -> members (member_id));
diesel::joinable!(devices -> members (member_id));
diesel::joinable!(push_outbox -> notification_events (event_id));

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    members,
    memberships,
    positions,
    refresh_tokens,
    audit_events,
    documents,
    document_versions,
    document_targets,
    document_reads,
    document_attachments,
    sessions,
    session_orgs,
    session_documents,
    session_rsvps,
    attendances,
    attendance_changes,
    check_in_receipts,
    campaigns,
    campaign_orgs,
    campaign_sessions,
    reflections,
    reflection_events,
    action_plans,
    plan_items,
    progress_reports,
    plan_events,
    notification_events,
    notifications,
    devices,
    push_outbox,
    withdrawals,
);
