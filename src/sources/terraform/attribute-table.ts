import { table } from '../../lookup.js';
import type { CompareKind, ScaleAxis } from '../../model/fact.js';

/** An attribute worth comparing: its path in the resource's values (blocks stepped into). */
export interface AttributeSpec {
  path: string;
  compare?: CompareKind;
  scale?: ScaleAxis;
  unit?: string;
}

const replicas = (path: string): AttributeSpec => ({ path, compare: 'scaled', scale: 'replicas' });
const version = (path: string): AttributeSpec => ({ path, compare: 'version' });
const exact = (path: string, unit?: string): AttributeSpec => (unit ? { path, unit } : { path });

/**
 * Sizes, versions, redundancy and capacity: what makes two environments' infrastructure behave
 * differently. Names, ids and ARNs differ by design and are left out on purpose.
 */
export const ATTRIBUTES = table<AttributeSpec[]>({
  aws_instance: [exact('instance_type'), exact('metadata_options.http_tokens'), exact('monitoring')],
  aws_launch_template: [exact('instance_type'), exact('metadata_options.http_tokens')],
  aws_autoscaling_group: [replicas('min_size'), replicas('max_size'), replicas('desired_capacity')],
  aws_db_instance: [
    exact('instance_class'),
    exact('engine'),
    version('engine_version'),
    exact('multi_az'),
    exact('allocated_storage', 'GiB'),
    exact('max_allocated_storage', 'GiB'),
    exact('storage_type'),
    exact('iops'),
    exact('backup_retention_period', 'days'),
    exact('deletion_protection'),
    exact('storage_encrypted'),
    exact('publicly_accessible'),
    exact('performance_insights_enabled'),
    exact('ca_cert_identifier'),
  ],
  aws_rds_cluster: [
    exact('engine'),
    exact('engine_mode'),
    version('engine_version'),
    exact('db_cluster_instance_class'),
    exact('backup_retention_period', 'days'),
    exact('deletion_protection'),
    exact('storage_encrypted'),
    exact('serverlessv2_scaling_configuration.min_capacity'),
    exact('serverlessv2_scaling_configuration.max_capacity'),
  ],
  aws_rds_cluster_instance: [exact('instance_class'), exact('performance_insights_enabled')],
  aws_elasticache_cluster: [
    exact('node_type'),
    exact('engine'),
    version('engine_version'),
    replicas('num_cache_nodes'),
    exact('az_mode'),
  ],
  aws_elasticache_replication_group: [
    exact('node_type'),
    exact('engine'),
    version('engine_version'),
    replicas('num_cache_clusters'),
    replicas('num_node_groups'),
    replicas('replicas_per_node_group'),
    exact('automatic_failover_enabled'),
    exact('multi_az_enabled'),
    exact('transit_encryption_enabled'),
    exact('at_rest_encryption_enabled'),
  ],
  aws_elasticache_serverless_cache: [exact('engine'), version('major_engine_version')],
  aws_eks_cluster: [version('version')],
  aws_eks_node_group: [
    { path: 'instance_types', compare: 'set' },
    exact('capacity_type'),
    replicas('scaling_config.min_size'),
    replicas('scaling_config.max_size'),
    replicas('scaling_config.desired_size'),
  ],
  aws_ecs_service: [replicas('desired_count'), exact('launch_type')],
  aws_ecs_task_definition: [exact('cpu'), exact('memory', 'MiB')],
  aws_lambda_function: [
    exact('memory_size', 'MiB'),
    exact('timeout', 's'),
    exact('runtime'),
    { path: 'architectures', compare: 'set' },
    exact('reserved_concurrent_executions'),
  ],
  aws_sqs_queue: [
    exact('visibility_timeout_seconds', 's'),
    exact('message_retention_seconds', 's'),
    exact('fifo_queue'),
  ],
  aws_msk_cluster: [
    version('kafka_version'),
    exact('broker_node_group_info.instance_type'),
    replicas('number_of_broker_nodes'),
  ],
  aws_opensearch_domain: [
    version('engine_version'),
    exact('cluster_config.instance_type'),
    replicas('cluster_config.instance_count'),
    exact('cluster_config.zone_awareness_enabled'),
  ],
  aws_dynamodb_table: [
    exact('billing_mode'),
    exact('read_capacity'),
    exact('write_capacity'),
    exact('point_in_time_recovery.enabled'),
  ],
  aws_lb: [exact('load_balancer_type'), exact('internal'), exact('idle_timeout', 's')],
  aws_lb_target_group: [exact('deregistration_delay', 's'), exact('health_check.path')],
  aws_cloudfront_distribution: [exact('price_class'), exact('http_version'), exact('enabled')],
  aws_wafv2_web_acl: [exact('scope')],
  google_sql_database_instance: [
    version('database_version'),
    exact('settings.tier'),
    exact('settings.availability_type'),
    exact('settings.disk_size', 'GB'),
    exact('settings.backup_configuration.enabled'),
    exact('deletion_protection'),
  ],
  google_container_cluster: [version('min_master_version')],
  google_container_node_pool: [
    exact('node_config.machine_type'),
    exact('node_config.spot'),
    replicas('node_count'),
    replicas('autoscaling.min_node_count'),
    replicas('autoscaling.max_node_count'),
  ],
  google_compute_instance: [exact('machine_type')],
  google_compute_instance_template: [exact('machine_type')],
  google_compute_instance_group_manager: [replicas('target_size')],
  google_compute_region_instance_group_manager: [replicas('target_size')],
  google_redis_instance: [exact('tier'), exact('memory_size_gb', 'GB'), version('redis_version')],
  google_cloud_run_v2_service: [
    replicas('template.scaling.min_instance_count'),
    replicas('template.scaling.max_instance_count'),
  ],
  azurerm_linux_virtual_machine: [exact('size')],
  azurerm_windows_virtual_machine: [exact('size')],
  azurerm_virtual_machine: [exact('vm_size')],
  azurerm_linux_virtual_machine_scale_set: [exact('sku'), replicas('instances')],
  azurerm_kubernetes_cluster: [
    version('kubernetes_version'),
    exact('default_node_pool.vm_size'),
    replicas('default_node_pool.node_count'),
    replicas('default_node_pool.min_count'),
    replicas('default_node_pool.max_count'),
  ],
  azurerm_kubernetes_cluster_node_pool: [
    exact('vm_size'),
    replicas('node_count'),
    replicas('min_count'),
    replicas('max_count'),
  ],
  azurerm_postgresql_flexible_server: [
    exact('sku_name'),
    version('version'),
    exact('storage_mb', 'MB'),
    exact('backup_retention_days', 'days'),
    exact('high_availability.mode'),
  ],
  azurerm_mssql_database: [exact('sku_name')],
  azurerm_redis_cache: [exact('sku_name'), exact('family'), exact('capacity'), version('redis_version')],
  azurerm_service_plan: [exact('sku_name'), replicas('worker_count')],
});

/** Resource types whose instances are capacity: their count follows the replicas scale. */
export const CAPACITY_TYPES = new Set([
  'aws_instance',
  'aws_rds_cluster_instance',
  'aws_elasticache_cluster',
  'aws_ecs_service',
  'aws_spot_instance_request',
  'google_compute_instance',
  'azurerm_linux_virtual_machine',
  'azurerm_windows_virtual_machine',
  'azurerm_virtual_machine',
]);
