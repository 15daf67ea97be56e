#!/usr/bin/env bash
# Adds a migration named $1 for both providers (SQLite and PostgreSQL keep their own migrations).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Egide.Core --startup-project src/Egide.Core \
    --context "${provider}EgideDb" --output-dir "Data/Migrations/$provider"
done
