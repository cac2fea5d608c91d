mod callback_page;
mod catalog_overrides;
mod check_config;
mod commands;
mod helpers;
mod http_contract;
mod json;
mod restart;
