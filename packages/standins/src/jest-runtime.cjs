// jest's runtime, with what it learns of each CommonJS module kept for the worker's later files.
//
// jest gives every test file a module registry of its own and, for each file, compiles every
// CommonJS module that file loads anew (vm.compileFunction, no code cache) and lexes it again for
// its named exports when an ES module imports it (cjs-module-lexer): the AWS SDK's clients, `yaml`,
// aws-cdk-lib and playwright-core once more for each of the 40-50 files a worker runs. In a full
// run the compiles took 17-26 s of each worker's main thread, and the lexer up to 9 s (CPU
// profiles of the four workers). V8 compiles the five SDK client modules (1.1 MB) in 21 ms with
// their code cache, rather than 93 ms.
//
// So a worker keeps, for each module file, the source it compiled (with jest's parameter names),
// V8's code cache of it and its named exports; a later file that loads the same source (the same
// string and parameters: V8 itself checks only the source's length) gets the function compiled from
// the cache, in its own context, with jest's parameters and dynamic import, and the same export
// names. A cache V8 rejects is dropped and made at the next compile, and a module that does not
// compile goes through jest's own compile, for jest's own message. jest has no option for this (it
// dropped its cachedData support in 2021) and no package adds it.
// `runtime` in jest.config.js names this file. It hooks two parts of jest-runtime 30 (its module
// executor's `compile`, its `cjsExportsCache`), pinned by the lockfile; where either is not as
// expected, that part stays jest's own.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- jest loads a runtime with require(), so this file is CommonJS */
const { extname } = require('node:path');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

/** By module file: the source last compiled, jest's parameter names for it, and V8's code cache. */
const compiled = new Map();
/** By module file: the source last lexed and its named exports. */
const exported = new Map();

function cachingCompile(executor, compile) {
  return (source, filename) => {
    const context = executor.environment.getVmContext();
    if (context == null || executor.resolution.isCoreModule(filename)) return compile(source, filename);
    const parameters = executor.injectedModuleParameters.join();
    const known = compiled.get(filename);
    const cachedData = known?.source === source && known.parameters === parameters ? known.data : undefined;
    let fn;
    try {
      fn = vm.compileFunction(source, executor.injectedModuleParameters, {
        filename,
        parsingContext: context,
        cachedData,
        produceCachedData: cachedData === undefined,
        importModuleDynamically: (specifier, _function, attributes, phase) => executor.dynamicImport(specifier, filename, context, attributes, phase),
      });
    } catch {
      return compile(source, filename);
    }
    if (fn.cachedDataRejected) compiled.delete(filename);
    else if (fn.cachedData) compiled.set(filename, { source, parameters, data: fn.cachedData });
    return fn;
  };
}

function cachingExports(cache, getExportsOf) {
  return (from, modulePath) => {
    if (extname(modulePath) === '.node') return getExportsOf(from, modulePath);
    const source = cache.transformCache.getCachedSource(modulePath) ?? cache.fileCache.readFile(modulePath);
    const known = exported.get(modulePath);
    if (known?.source === source) return known.names;
    const names = getExportsOf(from, modulePath);
    exported.set(modulePath, { source, names });
    return names;
  };
}

class CachingRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const { executor, cjsExportsCache } = this;
    if (typeof executor?.compile === 'function' && typeof executor.dynamicImport === 'function' && Array.isArray(executor.injectedModuleParameters)) {
      executor.compile = cachingCompile(executor, executor.compile.bind(executor));
    }
    if (typeof cjsExportsCache?.getExportsOf === 'function' && cjsExportsCache.transformCache && cjsExportsCache.fileCache) {
      cjsExportsCache.getExportsOf = cachingExports(cjsExportsCache, cjsExportsCache.getExportsOf.bind(cjsExportsCache));
    }
  }
}

module.exports = CachingRuntime;
