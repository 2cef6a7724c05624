import { testSetReuse } from '../../../src/core/rules/correctness/test-set-reuse';
import { notebook, ruleTester } from './tester';

// Findings cover the scoring call (selection) or the training call (early stopping), from the
// method name to the closing parenthesis (the whole call for a function). Columns are 1-based.

const IMPORTS = [
  'import numpy as np',
  'import xgboost as xgb',
  'from sklearn.model_selection import train_test_split',
  'from sklearn.neighbors import KNeighborsClassifier',
  'from sklearn.metrics import accuracy_score',
  'from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint',
].join('\n');
const IMPORT_LINES = 6;
const code = (...lines: string[]): string => [IMPORTS, ...lines].join('\n');
const L = (n: number): number => IMPORT_LINES + n;
const SPLIT = 'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)';

ruleTester(testSetReuse, {
  valid: [
    {
      name: 'choosing on a validation split',
      code: code(
        'X_train, X_val, y_train, y_val = train_test_split(X, y, random_state=0)',
        'best = 0',
        'for k in range(1, 20):',
        '    acc = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train).score(X_val, y_val)',
        '    if acc > best:',
        '        best = acc',
      ),
    },
    {
      name: 'test scores computed in a loop and plotted, nothing chosen in code',
      code: code(
        SPLIT,
        'scores = []',
        'for k in range(1, 20):',
        '    scores.append(KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train).score(X_test, y_test))',
        'plt.plot(range(1, 20), scores)',
      ),
    },
    {
      name: 'one test score compared with a threshold',
      code: code(SPLIT, 'acc = accuracy_score(y_test, model.predict(X_test))', 'if acc > 0.9:', '    print("good")'),
    },
    {
      name: 'a threshold chosen on data read through a validation name',
      code: code(
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'valid = X_test[:100]',
        'scores = []',
        'for t in ts:',
        '    scores.append(accuracy_score(valid.y, valid.p > t))',
        'print(max(scores))',
      ),
    },
    {
      name: 'the smallest and largest test scores set a plot range',
      code: code(
        SPLIT,
        'scores = [accuracy_score(y_test, m.predict(X_test)) for m in models]',
        'ax.set_ylim([min(scores) * 0.9, max(scores) * 1.1])',
      ),
    },
    {
      name: 'eval_set on the test part without early stopping only monitors',
      code: code(SPLIT, 'clf = xgb.XGBClassifier()', 'clf.fit(X_train, y_train, eval_set=[(X_test, y_test)])'),
    },
    {
      name: 'Keras validation_data on the test part without a selecting callback',
      code: code(SPLIT, 'net.fit(X_train, y_train, epochs=10, validation_data=(X_test, y_test))'),
    },
    {
      name: 'early stopping on a validation split',
      code: code(
        'X_train, X_valid, y_train, y_valid = train_test_split(X, y, random_state=0)',
        'clf = xgb.XGBClassifier()',
        'clf.fit(X_train, y_train, eval_set=[(X_valid, y_valid)], early_stopping_rounds=10)',
      ),
    },
  ],
  invalid: [
    {
      name: 'best k kept by comparing test scores in the loop',
      code: code(
        SPLIT,
        'best, best_k = 0, None',
        'for k in range(1, 20):',
        '    knn = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)',
        '    acc = accuracy_score(y_test, knn.predict(X_test))',
        '    if acc > best:',
        '        best, best_k = acc, k',
      ),
      errors: [
        {
          line: L(5),
          column: 11,
          endColumn: 54,
          message:
            /^accuracy_score scores candidates on y_test \(held out by the train_test_split at line 7\) and the best is kept at line 12 \(a comparison of scores\)/,
        },
      ],
    },
    {
      name: 'test scores collected in a loop, then argmax',
      code: code(
        SPLIT,
        'scores = []',
        'for k in range(1, 20):',
        '    knn = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)',
        '    scores.append(knn.score(X_test, y_test))',
        'best_k = np.argmax(scores) + 1',
      ),
      errors: [{ line: L(5), column: 23, message: /^knn\.score scores candidates on X_test .* at line 12 \(np\.argmax\(\)\)/ }],
    },
    {
      name: 'two models scored on the test part, the better one kept with max',
      code: code(
        SPLIT,
        'a = accuracy_score(y_test, m1.predict(X_test))',
        'b = accuracy_score(y_test, m2.predict(X_test))',
        'best = max(a, b)',
      ),
      errors: [{ line: L(2), column: 5, message: /and the best is kept at line 10 \(max\(\)\)/ }],
    },
    {
      name: 'xgboost early stopping on the test part',
      code: code(
        SPLIT,
        'clf = xgb.XGBClassifier(n_estimators=500)',
        'clf.fit(X_train, y_train, eval_set=[(X_test, y_test)], early_stopping_rounds=10)',
      ),
      errors: [
        {
          line: L(3),
          column: 5,
          message:
            /^XGBClassifier\.fit watches X_test \(held out by the train_test_split at line 7\) through `eval_set` with early stopping/,
        },
      ],
    },
    {
      name: 'xgboost.train with a DMatrix of the test part',
      code: code(
        SPLIT,
        'dtrain = xgb.DMatrix(X_train, label=y_train)',
        'dtest = xgb.DMatrix(X_test, label=y_test)',
        "bst = xgb.train(params, dtrain, 1000, evals=[(dtest, 'test')], early_stopping_rounds=50)",
      ),
      errors: [{ line: L(4), column: 11, message: /^xgb\.train watches X_test .* through `evals` with early stopping/ }],
    },
    {
      name: 'Keras validation_data on the test part with EarlyStopping and ModelCheckpoint',
      code: code(
        SPLIT,
        "callbacks = [EarlyStopping(patience=3), ModelCheckpoint('best.h5', save_best_only=True)]",
        'net.fit(X_train, y_train, validation_data=(X_test, y_test), callbacks=callbacks)',
      ),
      errors: [
        {
          line: L(3),
          column: 5,
          message: /^net\.fit watches X_test .* through `validation_data` with a callback that stops early or keeps the best epoch/,
        },
      ],
    },
    {
      name: 'notebook cells',
      path: 'x.ipynb',
      code: notebook([
        IMPORTS,
        SPLIT,
        'es = EarlyStopping(patience=2)\nnet.fit(X_train, y_train, validation_data=(X_test, y_test), callbacks=[es])',
      ]),
      errors: [{ cell: 3, line: 2, column: 5, message: /held out by the train_test_split in cell 2, line 1/ }],
    },
  ],
});
