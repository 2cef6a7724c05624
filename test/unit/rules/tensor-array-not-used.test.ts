import { tensorArrayNotUsed } from '../../../src/core/rules/performance/tensor-array-not-used';
import { ruleTester } from './tester';

ruleTester(tensorArrayNotUsed, {
  valid: [
    {
      name: 'a TensorArray',
      code: 'import tensorflow as tf\n\n@tf.function\ndef f(x, n):\n    ta = tf.TensorArray(tf.float32, size=n)\n    for i in tf.range(n):\n        ta = ta.write(i, x)\n    return ta.stack()',
    },
    {
      name: 'eager code: not inside a tf.function',
      code: 'import tensorflow as tf\n\ndef f(x, n):\n    acc = x\n    for i in range(n):\n        acc = tf.concat([acc, x], 0)\n    return acc',
    },
    {
      name: 'one concat outside any loop',
      code: 'import tensorflow as tf\n\n@tf.function\ndef f(a, b):\n    c = tf.concat([a, b], axis=1)\n    return c',
    },
    {
      name: 'a concat in a loop assigned to another name',
      code: 'import tensorflow as tf\n\n@tf.function\ndef f(xs, b):\n    for x in xs:\n        y = tf.concat([x, b], 0)\n    return y',
    },
    {
      name: 'a stacked list that is not grown in a loop',
      code: 'import tensorflow as tf\n\n@tf.function\ndef f(a, b):\n    parts = []\n    parts.append(a)\n    parts.append(b)\n    return tf.stack(parts)',
    },
    {
      name: 'a list grown over a Python iterable is unrolled on purpose (multi-GPU tower averaging)',
      code: 'import tensorflow as tf\n\n@tf.function\ndef average(tower_grads):\n    avg = []\n    for tgrads in zip(*tower_grads):\n        grads = []\n        for g in tgrads:\n            grads.append(tf.expand_dims(g, 0))\n        avg.append(tf.reduce_mean(tf.concat(axis=0, values=grads), 0))\n    return avg',
    },
    {
      name: 'another decorator',
      code: 'import tensorflow as tf\nimport functools\n\n@functools.lru_cache\ndef f(x, n):\n    acc = x\n    for i in range(n):\n        acc = tf.concat([acc, x], 0)\n    return acc',
    },
  ],
  invalid: [
    {
      name: '@tf.function: a tensor grown by tf.concat in a loop',
      code: 'import tensorflow as tf\n\n@tf.function\ndef rollout(x, steps):\n    out = tf.zeros([0, 4])\n    for i in tf.range(steps):\n        out = tf.concat([out, x], axis=0)\n    return out',
      errors: [
        {
          line: 7,
          column: 15,
          endColumn: 42,
          message:
            /^out grows by tf\.concat in a loop inside a tf\.function: every step copies the whole tensor, .*Write each step to a tf\.TensorArray \(ta = ta\.write\(i, x\)\) and call ta\.stack\(\) after the loop\.$/,
        },
      ],
    },
    {
      name: '@tf.function(...) with arguments, aliases, a while loop and a tuple',
      code: 'import tensorflow as T\nfrom tensorflow import concat\n\nclass M:\n    @T.function(jit_compile=True)\n    def call(self, x):\n        acc = x\n        i = 0\n        while i < 3:\n            acc = concat((x, acc), 1)\n            i += 1\n        return acc',
      errors: [{ line: 10, column: 19, message: /^acc grows by concat in a loop/ }],
    },
    {
      name: 'wrapped by name; a Python list appended to in a loop, then stacked',
      code: 'import tensorflow as tf\n\ndef step(x, n):\n    outs = []\n    for i in tf.range(n):\n        outs.append(x * 2)\n    return tf.stack(outs)\n\nstep = tf.function(step)',
      errors: [
        {
          line: 7,
          column: 12,
          message: /^tf\.stack\(outs\) stacks a Python list appended to in a loop over tf\.range inside a tf\.function/,
        },
      ],
    },
  ],
});
