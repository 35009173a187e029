#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_wrap,
    clippy::format_collect,
    reason = "the test crate: a failed unwrap is a failed test, helpers included; counts are small"
)]

//! Every integration test of the server in one binary (one link of the whole server instead
//! of one per file): HTTP through the router, the staff workspace, the storage conformance
//! suite, the Q&A lookup's quality, the importer run as the real binary, and hostile input.
//! HTTP and staff tests run on SQLite and on PostgreSQL (`both_backends!`).

mod common;
mod data;
mod documents;
mod hostile;
mod http;
mod import_indicators;
mod open_data;
mod page_cache;
mod production;
mod promises;
mod report_help;
mod search_quality;
mod staff;
mod storage_conformance;
mod support;
mod targets;
mod villages;
mod web_manners;
