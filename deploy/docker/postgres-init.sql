-- Runs once, on the first start of the postgres container (docker-entrypoint-initdb.d),
-- as the superuser. Mirrors what deploy/local/infra.sh creates for local runs.
CREATE ROLE closeout LOGIN CREATEDB PASSWORD 'closeout';
CREATE DATABASE closeout_jobs OWNER closeout;
CREATE DATABASE closeout_invoicing OWNER closeout;
CREATE DATABASE closeout_payments OWNER closeout;
CREATE DATABASE closeout_notifications OWNER closeout;
CREATE DATABASE closeout_dashboard OWNER closeout;
