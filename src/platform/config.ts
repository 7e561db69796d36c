/**
 * Configuration is read once at boot, in two stages: the raw environment is parsed setting by
 * setting (each error names its variable), then cross-field rules are checked. Secrets (passwords
 * and tokens) are kept apart from the config so that the config can be logged as it is.
 *
 * The parts, in config/: the shape of Config and Secrets (types.ts), every setting with its
 * default (settings.ts), the reading of one setting (reader.ts), the rules between settings
 * (cross-field-rules.ts), and loadConfig, which runs both stages (load.ts).
 */

export { openFileLimit } from './config/cross-field-rules.ts'
export { ConfigError, loadConfig } from './config/load.ts'
export { SETTINGS, type Setting } from './config/settings.ts'
export { type Config, type LogLevel, ROLES, type Role, type Secrets } from './config/types.ts'
