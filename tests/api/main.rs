mod branding;
mod callback_page;
mod check_config;
mod helpers;
mod http_contract;
mod json;
mod languages;
mod restart;
