# The production image: a release build of `sotay` on a slim Debian.
# Build: docker build -t sotay .   Run: see docker-compose.yml.

FROM rust:1.95-bookworm AS build
# pq-sys builds libpq from source and needs the OpenSSL headers for TLS to PostgreSQL.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p sotay-api --bin sotay

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/sotay --create-home sotay
COPY --from=build /src/target/release/sotay /usr/local/bin/sotay
USER sotay
WORKDIR /var/lib/sotay
# Secrets (DATABASE_URL with its password) come from the environment at run time, never here.
ENV SOTAY_BIND=0.0.0.0:8080 \
    SOTAY_LOG_FORMAT=json
EXPOSE 8080
ENTRYPOINT ["sotay"]
CMD ["serve"]
