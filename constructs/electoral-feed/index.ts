export { ElectoralFeed } from './feed';
export {
  COLLECTOR_SCRIPT_CHECKSUM_ANNOTATION, ELECTORAL_FEED_PATHS, MICROSITE_PORT, MICROSITE_RUN_AS, MICROSITE_SERVICE_PORT, NGINX_CONFIG_CHECKSUM_ANNOTATION,
} from './props';
export type { ElectoralFeedProps } from './props';
