"""The metadata every service's tables hang on: one naming convention, and the plumbing
tables (outbox, inbox, api_keys) each service keeps in its own database."""

from sqlalchemy import MetaData

from closeout.shared.api_keys import add_api_keys_table
from closeout.shared.db.tables import add_messaging_tables

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def service_metadata() -> MetaData:
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    add_messaging_tables(metadata)
    add_api_keys_table(metadata)
    return metadata
