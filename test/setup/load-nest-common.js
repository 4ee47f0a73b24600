// @nestjs/throttler is CommonJS and require()s @nestjs/common and @nestjs/core, which are ESM
// in Nest 12. Jest refuses such a require while the ESM package is still being evaluated in a
// test's import graph ("require(esm) in a cycle"); loading them fully first avoids that.
await import('@nestjs/common');
await import('@nestjs/core');
