use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use sotay_api::push::{PushGateway, PushMessage, hand_over};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    a_phone_registers_once_follows_its_token_and_is_forgotten_when_its_sign_in_ends,
    a_publication_is_handed_to_the_push_service_once_per_phone,
);

const TOKEN: &str = "fcm-token:APA91bH7xq_phone-of-an-a1-member";

async fn a_phone_registers_once_follows_its_token_and_is_forgotten_when_its_sign_in_ends(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member = &world.member_a1;
    let body = json!({"platform": "android", "token": TOKEN});
    let first = app
        .register_device(&member.access_token, body.clone())
        .await;
    assert_eq!(first.status().as_u16(), 201);
    let location = first.headers()["location"].to_str().unwrap().to_owned();
    let device: Value = first.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/me/devices/{}", device["id"].as_str().unwrap())
    );
    assert!(device.get("token").is_none(), "the token is not shown back");

    // A double tap: both answered, one device.
    let (a, b) = tokio::join!(
        app.register_device(&member.access_token, body.clone()),
        app.register_device(&member.access_token, body.clone()),
    );
    for response in [a, b] {
        assert_eq!(response.status().as_u16(), 200);
        let again: Value = response.json().await.unwrap();
        assert_eq!(again["id"], device["id"]);
    }

    for (bad, field) in [
        (json!({"platform": "symbian", "token": TOKEN}), "symbian"),
        (json!({"platform": "ios", "token": "has a space"}), "token"),
        (
            json!({"platform": "ios", "token": "x".repeat(1025)}),
            "token",
        ),
        (json!({"platform": "ios", "token": ""}), "token"),
    ] {
        let refused = problem(app.register_device(&member.access_token, bad).await, 422).await;
        assert_eq!(refused["code"], "validation_failed");
        assert!(refused.to_string().contains(field), "{refused}");
    }

    // The phone changes hands: the token moves, and the first owner no longer has it.
    let other = &world.member_a2;
    let moved = app.register_device(&other.access_token, body.clone()).await;
    assert_eq!(moved.status().as_u16(), 201);
    let moved: Value = moved.json().await.unwrap();
    assert_eq!(moved["id"], device["id"]);
    let id = device["id"].as_str().unwrap();
    problem(app.forget_device(&member.access_token, id).await, 404).await;

    // Logging out of the sign-in that registered it forgets it.
    let logged_out = app
        .logout(json!({"refresh_token": other.refresh_token}))
        .await;
    assert_eq!(logged_out.status().as_u16(), 204);
    problem(app.forget_device(&other.access_token, id).await, 404).await;

    // Forgotten by hand, once.
    let own = app.register_device(&member.access_token, body).await;
    let own: Value = own.json().await.unwrap();
    let own = own["id"].as_str().unwrap();
    assert_eq!(
        app.forget_device(&member.access_token, own)
            .await
            .status()
            .as_u16(),
        204
    );
    problem(app.forget_device(&member.access_token, own).await, 404).await;
}

/// A push service that remembers what it was handed.
#[derive(Default)]
struct Recorder(Mutex<Vec<(String, String, String)>>);

impl PushGateway for Recorder {
    fn send(&self, message: &PushMessage<'_>) -> Result<(), String> {
        self.0.lock().unwrap().push((
            message.token.to_owned(),
            message.kind.as_str().to_owned(),
            message.object_id.to_owned(),
        ));
        Ok(())
    }
}

async fn a_publication_is_handed_to_the_push_service_once_per_phone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    for (member, token) in [
        (&world.member_a1, "phone-a1"),
        (&world.member_a2, "phone-a2"),
    ] {
        let registered = app
            .register_device(
                &member.access_token,
                json!({"platform": "ios", "token": token}),
            )
            .await;
        assert_eq!(registered.status().as_u16(), 201);
    }
    let document = crate::plans::resolution(&app, &world).await;
    let recorder = Arc::new(Recorder::default());
    let hand = |recorder: Arc<Recorder>| {
        let mut connection = app.database.connect();
        tokio::task::spawn_blocking(move || hand_over(&mut connection, recorder.as_ref()).unwrap())
    };
    // Two nodes draining at once hand each push over once.
    let (first, second) = tokio::join!(hand(recorder.clone()), hand(recorder.clone()));
    assert_eq!(first.unwrap() + second.unwrap(), 2);
    assert_eq!(hand(recorder.clone()).await.unwrap(), 0);
    let mut sent = recorder.0.lock().unwrap().clone();
    sent.sort();
    let id = document["id"].as_str().unwrap().to_owned();
    assert_eq!(
        sent,
        [
            (
                "phone-a1".to_owned(),
                "document_published".to_owned(),
                id.clone()
            ),
            ("phone-a2".to_owned(), "document_published".to_owned(), id),
        ]
    );
}
