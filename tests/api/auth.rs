use serde_json::{Value, json};

use crate::helpers::{
    ADMIN_CARD, ADMIN_PASSWORD, Backend, MEMBER_PASSWORD, TestApp, TestDatabase, problem,
};
use crate::world::World;

on_every_backend!(
    members_log_in_with_card_or_phone_and_see_themselves,
    an_unknown_login_and_a_wrong_password_get_the_same_answer,
    refresh_rotates_and_a_reused_token_revokes_its_family,
    concurrent_refreshes_of_one_token_let_exactly_one_through,
    logout_all_ends_every_session_at_once,
    a_temporary_password_must_be_changed_before_anything_else,
    repeated_failed_logins_are_throttled_with_retry_after,
    a_login_lock_ends_after_the_lockout_and_a_success_clears_the_count,
    simultaneous_correct_logins_of_one_account_all_get_in,
    simultaneous_guesses_stop_at_the_limit,
    failures_from_one_address_lock_it_out_of_every_account,
    suspending_a_member_ends_their_sessions,
);

async fn members_log_in_with_card_or_phone_and_see_themselves(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    for login in ["79000003", "0979000003", "+84 979 000 003"] {
        let response = app.login(login, MEMBER_PASSWORD).await;
        assert_eq!(response.status().as_u16(), 200, "{login}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 900);
        assert_eq!(body["member"]["id"], world.member_a1.member_id.as_str());
        assert!(body["refresh_token"].as_str().unwrap().starts_with("rt_"));
    }
    let me: Value = app
        .get_me(&world.member_a1.access_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["member"]["full_name"], "Phạm Văn An");
    assert_eq!(
        me["member"]["citizen_id"], "046079000003",
        "a member sees their own sensitive fields"
    );
    assert_eq!(me["cell"]["id"], world.cell_a1.as_str());
    assert_eq!(
        me["cell"]["ancestor_ids"],
        json!([world.root, world.ward_a])
    );

    let secretary: Value = app
        .get_me(&world.ward_secretary.access_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(secretary["positions"][0]["role"], "secretary");
    assert_eq!(secretary["positions"][0]["org_id"], world.ward_a.as_str());
}

async fn an_unknown_login_and_a_wrong_password_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.admin().await;
    let wrong = problem(app.login(ADMIN_CARD, "not the password at all").await, 401).await;
    let unknown = problem(app.login("99999999", "not the password at all").await, 401).await;
    assert_eq!(wrong["code"], "invalid_credentials");
    for field in ["type", "title", "status", "detail", "code"] {
        assert_eq!(wrong[field], unknown[field], "{field}");
    }
}

async fn refresh_rotates_and_a_reused_token_revokes_its_family(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.admin().await;
    let app = &app;
    let refresh = |token: String| async move { app.refresh(json!({"refresh_token": token})).await };
    let first = refresh(session.refresh_token.clone()).await;
    assert_eq!(first.status().as_u16(), 200);
    let first: Value = first.json().await.unwrap();
    let second_token = first["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_token, session.refresh_token, "rotated");
    assert_eq!(
        app.get_me(first["access_token"].as_str().unwrap())
            .await
            .status()
            .as_u16(),
        200
    );

    // The spent token comes back: someone copied it. The whole family dies, the live one too.
    problem(refresh(session.refresh_token.clone()).await, 401).await;
    problem(refresh(second_token).await, 401).await;

    // Another login is another family, unaffected.
    let other = app.session(ADMIN_CARD, ADMIN_PASSWORD).await;
    assert_eq!(refresh(other.refresh_token).await.status().as_u16(), 200);
}

async fn concurrent_refreshes_of_one_token_let_exactly_one_through(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.admin().await;
    let attempts = (0..100).map(|_| app.refresh(json!({"refresh_token": session.refresh_token})));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|response| response.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 401),
        "{statuses:?}"
    );
}

async fn logout_all_ends_every_session_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let phone = app.admin().await;
    let laptop = app.session(ADMIN_CARD, ADMIN_PASSWORD).await;
    let response = app.logout_all(&laptop.access_token).await;
    assert_eq!(response.status().as_u16(), 204);
    for session in [&phone, &laptop] {
        problem(app.get_me(&session.access_token).await, 401).await;
        let refreshed = app
            .refresh(json!({"refresh_token": session.refresh_token}))
            .await;
        problem(refreshed, 401).await;
    }
    // Logging out a single refresh token answers 204 whatever it was.
    let fresh = app.session(ADMIN_CARD, ADMIN_PASSWORD).await;
    let out = app
        .logout(json!({"refresh_token": fresh.refresh_token}))
        .await;
    assert_eq!(out.status().as_u16(), 204);
    let again = app
        .refresh(json!({"refresh_token": fresh.refresh_token}))
        .await;
    problem(again, 401).await;
    let junk = app.logout(json!({"refresh_token": "rt_nothing"})).await;
    assert_eq!(junk.status().as_u16(), 204);
}

async fn a_temporary_password_must_be_changed_before_anything_else(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let reset = app
        .reset_member_password(
            &world.cell_secretary.access_token,
            &world.member_a1.member_id,
        )
        .await;
    assert_eq!(reset.status().as_u16(), 200);
    let temporary = reset.json::<Value>().await.unwrap()["temporary_password"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(temporary.chars().count(), 12);

    problem(app.get_me(&world.member_a1.access_token).await, 401).await;
    problem(app.login("79000003", MEMBER_PASSWORD).await, 401).await;
    let session = app.session("79000003", &temporary).await;
    let blocked = problem(app.list_members(&session.access_token, "").await, 403).await;
    assert_eq!(blocked["code"], "password_change_required");
    let me: Value = app
        .get_me(&session.access_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["member"]["must_change_password"], true);

    let common = json!({"current_password": temporary, "new_password": "password123"});
    let refused = app.change_my_password(&session.access_token, common).await;
    let refused = problem(refused, 422).await;
    assert_eq!(refused["errors"][0]["field"], "new_password");
    assert_eq!(refused["errors"][0]["code"], "too_common");

    let good = json!({"current_password": temporary, "new_password": "một mật khẩu mới đủ dài"});
    let changed = app.change_my_password(&session.access_token, good).await;
    assert_eq!(changed.status().as_u16(), 200);
    let pair: Value = changed.json().await.unwrap();
    problem(app.get_me(&session.access_token).await, 401).await;
    let members = app
        .list_members(pair["access_token"].as_str().unwrap(), "")
        .await;
    assert_eq!(members.status().as_u16(), 200);
}

async fn repeated_failed_logins_are_throttled_with_retry_after(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.admin().await;
    for _ in 0..5 {
        problem(app.login(ADMIN_CARD, "wrong password here").await, 401).await;
    }
    // Locked: even the right password waits now.
    let locked = app.login(ADMIN_CARD, ADMIN_PASSWORD).await;
    let retry_after: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert_eq!(problem(locked, 429).await["code"], "too_many_attempts");
}

/// README: "a lock lasts `SOTAY_LOGIN_LOCKOUT_SECS` (15 minutes); then the account starts a
/// fresh count. A successful login clears the account's count."
async fn a_login_lock_ends_after_the_lockout_and_a_success_clears_the_count(backend: Backend) {
    let app = TestApp::spawn_with(
        TestDatabase::fresh(backend),
        &[("SOTAY_LOGIN_LOCKOUT_SECS", "2")],
    )
    .await;
    app.admin().await;

    // Four failures, then the right password: the count is cleared...
    for _ in 0..4 {
        problem(app.login(ADMIN_CARD, "wrong password here").await, 401).await;
    }
    assert_eq!(
        app.login(ADMIN_CARD, ADMIN_PASSWORD)
            .await
            .status()
            .as_u16(),
        200
    );
    // ...so four more failures still do not lock the account.
    for _ in 0..4 {
        problem(app.login(ADMIN_CARD, "wrong password here").await, 401).await;
    }
    assert_eq!(
        app.login(ADMIN_CARD, ADMIN_PASSWORD)
            .await
            .status()
            .as_u16(),
        200
    );

    // Five failures in a row lock it, for the configured two seconds.
    for _ in 0..5 {
        problem(app.login(ADMIN_CARD, "wrong password here").await, 401).await;
    }
    let locked = app.login(ADMIN_CARD, ADMIN_PASSWORD).await;
    let retry_after: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    problem(locked, 429).await;

    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    assert_eq!(
        app.login(ADMIN_CARD, ADMIN_PASSWORD)
            .await
            .status()
            .as_u16(),
        200,
        "the lock has ended"
    );
}

/// The per-client counter: guessing across many accounts from one address stops at the
/// client's limit, even for an account that has no failures of its own.
async fn failures_from_one_address_lock_it_out_of_every_account(backend: Backend) {
    let app = TestApp::spawn_with(
        TestDatabase::fresh(backend),
        &[("SOTAY_LOGIN_FAILURES_PER_CLIENT", "3")],
    )
    .await;
    app.admin().await;
    for login in ["79111111", "79222222", "79333333"] {
        problem(app.login(login, "wrong password here").await, 401).await;
    }
    let locked = problem(app.login(ADMIN_CARD, ADMIN_PASSWORD).await, 429).await;
    assert_eq!(locked["code"], "too_many_attempts");
}

/// A double tap, a phone retrying on a weak network, the app on two devices: the same right
/// password several times at once. Only failures count toward a lock, so all get in.
async fn simultaneous_correct_logins_of_one_account_all_get_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.admin().await;
    let logins = (0..8).map(|_| app.login(ADMIN_CARD, ADMIN_PASSWORD));
    let statuses: Vec<u16> = futures_util::future::join_all(logins)
        .await
        .iter()
        .map(|response| response.status().as_u16())
        .collect();
    assert_eq!(statuses, [200; 8]);
}

/// What counting attempts protected: twenty guesses sent at once are not twenty checks. Each
/// waits for a place while five are being checked; those five fail and lock the account.
async fn simultaneous_guesses_stop_at_the_limit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.admin().await;
    let guesses = (0..20).map(|n| {
        app.login(
            ADMIN_CARD,
            if n % 2 == 0 {
                "guess one!"
            } else {
                "guess two!"
            },
        )
    });
    let mut statuses: Vec<u16> = futures_util::future::join_all(guesses)
        .await
        .iter()
        .map(|response| response.status().as_u16())
        .collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [[401; 5].as_slice(), [429; 15].as_slice()].concat()
    );
    let locked = app.login(ADMIN_CARD, ADMIN_PASSWORD).await;
    assert_eq!(problem(locked, 429).await["code"], "too_many_attempts");
}

async fn suspending_a_member_ends_their_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let response = app
        .update_member(
            &world.ward_secretary.access_token,
            &world.member_a2.member_id,
            json!({"activity_status": "suspended"}),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    problem(app.get_me(&world.member_a2.access_token).await, 401).await;
    problem(app.login("79000004", MEMBER_PASSWORD).await, 401).await;
}
