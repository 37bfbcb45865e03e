it('reads the test database', () => {
  expect(process.env.TEST_ONLY_DATABASE_URL).toBeDefined();
});
