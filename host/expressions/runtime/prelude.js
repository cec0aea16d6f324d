// Runs inside the isolate BEFORE Luxon is loaded (see sandbox.ts). Luxon caches Intl formatter
// instances and hands the same instance to every evaluation; freezing every Intl instance at
// construction keeps one evaluation from planting methods on a formatter another one uses.
(function freezeIntlInstances() {
  'use strict';
  const freeze = Object.freeze;
  const construct = Reflect.construct;
  const apply = Reflect.apply;
  for (const name of Object.getOwnPropertyNames(Intl)) {
    const Ctor = Intl[name];
    if (typeof Ctor !== 'function' || !Ctor.prototype) continue;
    Intl[name] = new Proxy(Ctor, {
      construct(target, args, newTarget) {
        return freeze(construct(target, args, newTarget));
      },
      apply(target, self, args) {
        const v = apply(target, self, args);
        return v !== null && typeof v === 'object' ? freeze(v) : v;
      },
    });
  }
})();
