/**
 * Where durable runs keep their steps: the {@link dev.cadre.state.store.CheckpointStore} SPI, the
 * embedded {@link dev.cadre.state.store.SqliteCheckpointStore} (the default: one file, no setup)
 * and {@link dev.cadre.state.store.PostgresCheckpointStore} for servers.
 */
package dev.cadre.state.store;
