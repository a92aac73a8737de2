# The deployable image (docs/DEPLOY.md): the release server binary and the built site, nothing else,
# run as an unprivileged user. Configuration comes from the environment (APP_*; Leptos.toml holds
# the defaults); secrets from the platform (APP_KEYS_DIR mounted read-only, passwords in the env).
#   docker build -t yunju .        docker compose up (compose.yaml: the whole topology)

# --- build: the same steps as scripts/run.sh --release ---------------------------------------
FROM rust:1.95-bookworm AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      nodejs npm mold clang ca-certificates && rm -rf /var/lib/apt/lists/*
RUN rustup target add wasm32-unknown-unknown
WORKDIR /src
COPY . .
ENV CARGO_TARGET_DIR=/src/target/cargo
RUN bash -c 'source scripts/lib.sh && ensure_npm_deps && build_site release' \
 && cargo build --release -p server \
 && mkdir -p /out && cp "$CARGO_TARGET_DIR/release/server" /out/server && cp -r target/site /out/site && cp Leptos.toml /out/

# --- run: the binary, the site, the defaults -----------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin yunju
WORKDIR /app
COPY --from=build /out/ /app/
USER 10001
ENV APP_SITE_ADDR=0.0.0.0:3000 \
    APP_SITE_ROOT=/app/site \
    APP_OPS_LOG_FORMAT=json \
    APP_FEATURES_SECURE_COOKIES=true \
    APP_FEATURES_SEED_DEMO_ACCOUNTS=false \
    APP_KEYS_DIR=/run/secrets/yunju-keys
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=2s CMD curl -fs http://127.0.0.1:3000/healthz || exit 1
ENTRYPOINT ["/app/server"]
