from closeout.dashboard.storage.tables import metadata
from closeout.shared.db.migrate import run_env

run_env(metadata)
