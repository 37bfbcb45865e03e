import { describe, expect, it } from 'vitest';
import { commandLabel, nameLabel } from './command-label.js';

describe('commandLabel', () => {
  it('shows the leading words of the first command', () => {
    expect(commandLabel('# migrate first\nnpx prisma migrate deploy\nnpm start')).toBe(
      'npx prisma migrate deploy',
    );
    expect(commandLabel('curl -fsS https://staging.example.com/healthz')).toBe(
      'curl -fsS https://staging.example.com/healthz',
    );
  });

  it('stops before anything that could carry a credential', () => {
    expect(commandLabel('curl -H "Authorization: Bearer abc" https://x')).toBe('curl -H');
    expect(commandLabel('psql postgres://app:s3cret@db/shop -c "select 1"')).toBe('psql');
    expect(commandLabel('deploy --token 8f3a9c0d2e7b4a1f9c8d7e6f5a4b3c2d')).toBe('deploy');
    expect(commandLabel('API_KEY=abc ./deploy.sh')).toBeUndefined();
    expect(commandLabel('mysql -u root -p hunter2')).toBe('mysql');
    expect(commandLabel('echo ghp_R8x2mQ7vLk3NpZ9sT4wY6bJ1cF5hD0aE8gU2')).toBe('echo');
    expect(commandLabel('   \n# only comments')).toBeUndefined();
  });

  it('masks credential-shaped words in step names', () => {
    expect(nameLabel('Deploy with sk_live_abcdefghijklmnop')).toBe('Deploy with ****');
    expect(nameLabel('  Run   database migrations ')).toBe('Run database migrations');
  });
});
