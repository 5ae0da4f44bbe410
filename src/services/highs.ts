import * as highsModule from 'highs';
import type { Highs } from 'highs';

type Loader = () => Promise<Highs>;

/**
 * Loads the HiGHS WebAssembly runtime (from node_modules, no network). The package ships
 * CommonJS type declarations but an ES module build: at run time the default export is the
 * loader, while TypeScript sees it one level down, so accept both shapes.
 */
const exported = (highsModule as unknown as { default: Loader | { default: Loader } }).default;
export const loadHighs: Loader = typeof exported === 'function' ? exported : exported.default;
