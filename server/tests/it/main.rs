//! The server's integration tests, as one binary: each file was its own test binary, and each
//! linked the whole application again (issue 9). Run one group with `cargo test -p server --test it review::`.
mod common;

mod api;
mod assessments;
mod authorization;
mod cards;
mod contact_list;
mod corpus;
mod delivery;
mod ecard;
mod email;
mod hostile;
mod instances;
mod live;
mod jobs;
mod ops;
mod policy;
mod reapplication;
mod requests;
mod review;
mod routing;
mod security;
mod slow_clients;
mod thin_path;
mod wizard;
