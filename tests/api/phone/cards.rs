use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    a_card_verifies_offline_with_the_published_key_and_online_until_its_holder_is_suspended
);

/// What a secretary's phone does offline: the key set fetched earlier, the card's `kid`, and
/// the signature; nothing else.
pub(super) fn verify_offline(keys: &Value, credential: &str) -> Option<Value> {
    let header = jsonwebtoken::decode_header(credential).ok()?;
    let key = keys["keys"]
        .as_array()?
        .iter()
        .find(|key| key["kid"].as_str() == header.kid.as_deref())?;
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    let decoding = DecodingKey::from_ed_components(key["x"].as_str()?).ok()?;
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.validate_aud = false;
    validation.set_issuer(&["sotay"]);
    jsonwebtoken::decode::<Value>(credential, &decoding, &validation)
        .ok()
        .map(|data| data.claims)
}

async fn a_card_verifies_offline_with_the_published_key_and_online_until_its_holder_is_suspended(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member = &world.member_a1;
    let response = app.my_card(&member.access_token).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let card: Value = response.json().await.unwrap();
    let credential = card["credential"].as_str().unwrap();
    assert!(
        credential.len() < 800,
        "fits a QR code: {}",
        credential.len()
    );
    assert_eq!(card["holder"]["card_number"], "79000003");
    assert_eq!(card["holder"]["full_name"], "Phạm Văn An");
    assert_eq!(card["holder"]["cell_name"], "Chi bộ A1");

    // Offline: the published keys alone.
    let keys: Value = app.card_keys().await.json().await.unwrap();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 3);
    let claims = verify_offline(&keys, credential).expect("verifies offline");
    assert_eq!(claims["sub"], member.member_id.as_str());
    assert_eq!(claims["card"], "79000003");
    assert_eq!(claims["typ"], "party_card");
    // A card altered by one character of its claims no longer verifies.
    let parts: Vec<&str> = credential.split('.').collect();
    let mut claims_json: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    claims_json["card"] = json!("79000004");
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims_json.to_string()),
        parts[2]
    );
    assert!(verify_offline(&keys, &forged).is_none());

    // Online, by a secretary.
    let checker = &world.cell_secretary.access_token;
    let app = &app;
    let check = |credential: String| async move {
        let response = app.verify_card(checker, &credential).await;
        assert_eq!(response.status().as_u16(), 200);
        response.json::<Value>().await.unwrap()
    };
    let valid = check(credential.to_owned()).await;
    assert_eq!(valid["result"], "valid");
    assert_eq!(valid["holder"]["card_number"], "79000003");
    assert_eq!(check(forged).await["result"], "invalid");
    // An access token is not a card, however well signed.
    assert_eq!(
        check(member.access_token.clone()).await["result"],
        "invalid"
    );
    let refused = problem(app.verify_card(checker, "not a card").await, 422).await;
    assert_eq!(refused["errors"][0]["field"], "credential");

    // Suspended: refused online at once, though the card has hours left.
    let suspended = app
        .update_member(
            &world.admin.access_token,
            &member.member_id,
            json!({"activity_status": "suspended"}),
        )
        .await;
    assert_eq!(suspended.status().as_u16(), 200);
    let revoked = check(credential.to_owned()).await;
    assert_eq!(revoked["result"], "revoked");
    assert!(
        verify_offline(&keys, credential).is_some(),
        "offline, until it expires"
    );
}
