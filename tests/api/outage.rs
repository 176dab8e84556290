//! The database going away and coming back, and a database that is only busy.
//!
//! An outage is played with a TCP forwarder between the server and PostgreSQL that the test
//! cuts (every open link reset, every new one refused at once) and restores, without touching
//! the PostgreSQL server the other tests share.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::helpers::{Backend, TestApp, TestDatabase, client, problem, start_server};

on_every_backend!(a_busy_database_still_gets_the_wait);

/// A forwarder to PostgreSQL that can be cut and restored.
struct DbLink {
    port: u16,
    up: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl DbLink {
    async fn start(upstream: SocketAddr) -> DbLink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (up, state) = watch::channel(true);
        let task = tokio::spawn(accept(listener, upstream, state));
        DbLink { port, up, task }
    }

    fn cut(&self) {
        self.up.send_replace(false);
    }

    fn restore(&self) {
        self.up.send_replace(true);
    }
}

impl Drop for DbLink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, upstream: SocketAddr, state: watch::Receiver<bool>) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            continue;
        };
        if !*state.borrow() {
            // Reset at once, as a stopped server's closed port would answer.
            let _ = client.set_zero_linger();
            continue;
        }
        tokio::spawn(forward(client, upstream, state.clone()));
    }
}

async fn forward(mut client: TcpStream, upstream: SocketAddr, mut state: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    tokio::select! {
        _ = copy_bidirectional(&mut client, &mut server) => {}
        _ = state.wait_for(|up| !*up) => {
            let _ = client.set_zero_linger();
        }
    }
}

/// While PostgreSQL cannot be reached, requests are answered 503 at once (they waited the full
/// pool timeout, 5 s each, before); when it is back, the server finds it by itself.
#[tokio::test]
async fn an_outage_is_answered_at_once_and_healed_without_help() {
    if !Backend::Postgres.is_available() {
        return;
    }
    let database = TestDatabase::fresh(Backend::Postgres);
    let mut url = url::Url::parse(database.url()).unwrap();
    let upstream = tokio::net::lookup_host((
        url.host_str().unwrap().to_owned(),
        url.port().unwrap_or(5432),
    ))
    .await
    .unwrap()
    .next()
    .unwrap();
    // Declared before the server: dropped after it.
    let link = DbLink::start(upstream).await;
    url.set_host(Some("127.0.0.1")).unwrap();
    url.set_port(Some(link.port)).unwrap();
    let address = start_server(url.as_str(), &[]).await;
    let app = TestApp {
        address,
        client: client(),
        database,
    };
    assert_eq!(app.meta().await.status().as_u16(), 200);

    link.cut();
    // The first request finds its pooled connection broken (no test query runs on checkout):
    // still a 503, never a 500, and the pool drops the connection.
    let first = problem(app.meta().await, 503).await;
    assert_eq!(first["code"], "database_unavailable");
    tokio::time::sleep(Duration::from_millis(300)).await;
    for _ in 0..10 {
        let started = Instant::now();
        let refused = problem(app.meta().await, 503).await;
        assert_eq!(refused["code"], "database_unavailable");
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "a 503 took {:?}",
            started.elapsed()
        );
    }
    let started = Instant::now();
    let not_ready = problem(app.health_ready().await, 503).await;
    assert_eq!(not_ready["code"], "database_unreachable");
    assert!(started.elapsed() < Duration::from_millis(500));
    let metrics = app.metrics().await.text().await.unwrap();
    assert!(metrics.contains("sotay_db_unreachable 1"), "{metrics}");

    link.restore();
    let back = Instant::now();
    while app.meta().await.status().as_u16() != 200 {
        assert!(
            back.elapsed() < Duration::from_secs(5),
            "still refused {:?} after the database came back",
            back.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app.health_ready().await.status().as_u16(), 200);
    let metrics = app.metrics().await.text().await.unwrap();
    assert!(metrics.contains("sotay_db_unreachable 0"), "{metrics}");
}

/// A database that is only busy is not "down": with every pooled connection held by a write
/// waiting on a lock, the next request waits the configured second for a connection before
/// its 503, and everything works again once the lock is released.
async fn a_busy_database_still_gets_the_wait(backend: Backend) {
    let app = TestApp::spawn_with(
        TestDatabase::fresh(backend),
        &[("SOTAY_DB_POOL_SIZE", "2"), ("SOTAY_DB_TIMEOUT_SECS", "1")],
    )
    .await;
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (locked, is_locked) = std::sync::mpsc::channel::<()>();
    let mut blocker = app.database.connect();
    let holder = std::thread::spawn(move || {
        let lock = match backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN; LOCK TABLE login_throttles IN ACCESS EXCLUSIVE MODE",
        };
        blocker.batch_execute(lock).unwrap();
        locked.send(()).unwrap();
        let _ = released.recv();
        blocker.batch_execute("COMMIT").unwrap();
    });
    is_locked.recv().unwrap();

    // Two logins write to the throttle table: they wait on the lock, holding both connections.
    let first = app.login("79999999", "wrong password here");
    let second = app.login("79999999", "wrong password here");
    let third = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let response = app.meta().await;
        (response.status().as_u16(), started.elapsed())
    };
    let release_later = async {
        tokio::time::sleep(Duration::from_millis(2_000)).await;
        release.send(()).unwrap();
    };
    let (first, second, (status, waited), ()) = tokio::join!(first, second, third, release_later);
    assert_eq!(status, 503, "no connection was free");
    assert!(
        waited >= Duration::from_millis(900),
        "a busy database is waited for: {waited:?}"
    );
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (401, 401),
        "the held requests finish once the lock is released"
    );
    holder.join().unwrap();
    assert_eq!(app.meta().await.status().as_u16(), 200);
}
