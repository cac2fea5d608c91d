mod callback_page;
mod check_config;
mod helpers;
mod hostile;
mod http_contract;
mod json;
mod restart;
