//! Forged, altered and misused tokens: every one is a 401 with the same problem body, which
//! says nothing about the check that failed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::{
    ADMIN_CARD, ADMIN_PASSWORD, Backend, MEMBER_PASSWORD, TEST_JWT_SECRET, TestApp, problem,
};
use crate::world::World;

on_every_backend!(
    forged_and_misused_tokens_are_all_the_same_401,
    a_token_issued_before_a_password_change_is_refused,
    a_disabled_members_token_is_refused,
);

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(0))
        .unwrap_or(0)
}

/// Claims as the server issues them, for `member_id`.
fn claims(member_id: &str) -> Value {
    let now = now();
    json!({
        "iss": "sotay", "aud": "sotay-api", "sub": member_id, "iat": now, "nbf": now,
        "exp": now + 600, "jti": "forged", "typ": "access", "sep": 0
    })
}

fn sign(claims: &Value, algorithm: Algorithm, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .unwrap()
}

fn with(member_id: &str, change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut claims = claims(member_id);
    change(claims.as_object_mut().unwrap());
    sign(&claims, Algorithm::HS256, TEST_JWT_SECRET.as_bytes())
}

async fn forged_and_misused_tokens_are_all_the_same_401(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.admin().await;
    let id = session.member_id.as_str();
    let key = TEST_JWT_SECRET.as_bytes();

    // The genuine article passes: the forgeries below fail for their one difference only.
    let genuine = with(id, |_| {});
    assert_eq!(app.get_me(&genuine).await.status().as_u16(), 200);

    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims(id).to_string())
    );
    let mut tampered = genuine.clone();
    tampered.pop();
    tampered.push(if genuine.ends_with('A') { 'B' } else { 'A' });
    let attacks: Vec<(&str, String)> = vec![
        ("alg none", unsigned),
        (
            "another algorithm",
            sign(&claims(id), Algorithm::HS512, key),
        ),
        (
            "another key",
            sign(
                &claims(id),
                Algorithm::HS256,
                b"a different key of thirty-two bytes",
            ),
        ),
        ("bad signature", tampered),
        (
            "expired",
            with(id, |c| {
                c.insert("exp".into(), json!(now() - 120));
                c.insert("iat".into(), json!(now() - 1000));
                c.insert("nbf".into(), json!(now() - 1000));
            }),
        ),
        (
            "not yet valid",
            with(id, |c| {
                c.insert("nbf".into(), json!(now() + 300));
            }),
        ),
        (
            "wrong audience",
            with(id, |c| {
                c.insert("aud".into(), json!("another-api"));
            }),
        ),
        (
            "wrong issuer",
            with(id, |c| {
                c.insert("iss".into(), json!("someone-else"));
            }),
        ),
        (
            "missing exp",
            with(id, |c| {
                c.remove("exp");
            }),
        ),
        (
            "missing sub",
            with(id, |c| {
                c.remove("sub");
            }),
        ),
        (
            "another token type",
            with(id, |c| {
                c.insert("typ".into(), json!("refresh"));
            }),
        ),
        (
            "unknown member",
            with("01936f0e-0000-7000-8000-000000000000", |_| {}),
        ),
        (
            "old session epoch",
            with(id, |c| {
                c.insert("sep".into(), json!(-1));
            }),
        ),
        (
            "refresh token as access token",
            session.refresh_token.clone(),
        ),
        ("garbage", "not a token".to_owned()),
    ];
    let mut bodies = Vec::new();
    for (attack, token) in &attacks {
        let response = app.get_me(token).await;
        assert_eq!(response.status().as_u16(), 401, "{attack}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer", "{attack}");
        let mut body = problem(response, 401).await;
        let object = body.as_object_mut().unwrap();
        object.remove("request_id");
        bodies.push((attack, body));
    }
    for (attack, body) in &bodies {
        assert_eq!(
            body, &bodies[0].1,
            "{attack} answers differently from {}",
            bodies[0].0
        );
    }
    // The access token may not stand in for a refresh token either (it is even too long to be
    // one).
    let swapped = app
        .refresh(json!({"refresh_token": session.access_token}))
        .await;
    let status = swapped.status().as_u16();
    assert!(matches!(status, 401 | 422), "{status}");
    assert_eq!(
        app.login(ADMIN_CARD, ADMIN_PASSWORD)
            .await
            .status()
            .as_u16(),
        200
    );
}

async fn a_token_issued_before_a_password_change_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let other_device = app.session("79000003", MEMBER_PASSWORD).await;
    let body = json!({"current_password": MEMBER_PASSWORD, "new_password": "mật khẩu mới của tôi"});
    let changed = app
        .change_my_password(&world.member_a1.access_token, body)
        .await;
    assert_eq!(changed.status().as_u16(), 200);
    for token in [&world.member_a1.access_token, &other_device.access_token] {
        problem(app.get_me(token).await, 401).await;
    }
    let refreshed = app
        .refresh(json!({"refresh_token": other_device.refresh_token}))
        .await;
    problem(refreshed, 401).await;
}

async fn a_disabled_members_token_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let removed = app
        .update_member(
            &world.cell_secretary.access_token,
            &world.member_a1.member_id,
            json!({"activity_status": "removed"}),
        )
        .await;
    assert_eq!(removed.status().as_u16(), 200);
    problem(app.get_me(&world.member_a1.access_token).await, 401).await;
    let refreshed = app
        .refresh(json!({"refresh_token": world.member_a1.refresh_token}))
        .await;
    problem(refreshed, 401).await;
}
