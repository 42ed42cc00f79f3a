// Quiet logs in tests unless LOG_LEVEL asks for them.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
