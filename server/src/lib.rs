//! 乡村振兴信息公开门户 server: configuration, storage, seed import and the HTTP router.

pub mod access;
pub mod api;
pub mod calendar;
pub mod charts;
pub mod config;
pub mod divisions;
pub mod front;
pub mod import;
pub mod interpretations;
pub mod markdown;
pub mod og_image;
pub mod page_cache;
pub mod regions;
pub mod reports;
pub mod router;
pub mod search;
pub mod security;
pub mod site_build;
pub mod site_files;
pub mod spreadsheet;
pub mod staff;
pub mod state;
pub mod storage;
pub mod web;
