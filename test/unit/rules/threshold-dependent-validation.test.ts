import { thresholdDependentValidation } from '../../../src/core/rules/correctness/threshold-dependent-validation';
import { notebook, ruleTester } from './tester';

// One finding per file, covering the first threshold metric call. Columns are 1-based.

const IMPORTS = [
  'from sklearn.linear_model import LogisticRegression, Ridge',
  'from sklearn.metrics import accuracy_score, f1_score, classification_report, confusion_matrix, roc_auc_score, log_loss',
  'from sklearn.metrics import RocCurveDisplay',
  'from sklearn.model_selection import cross_val_score, GridSearchCV',
  'from sklearn.datasets import load_iris',
].join('\n');
const IMPORT_LINES = 5;
const code = (...lines: string[]): string => [IMPORTS, ...lines].join('\n');
const L = (n: number): number => IMPORT_LINES + n;
const FIT = ['clf = LogisticRegression().fit(X_train, y_train)', 'pred = clf.predict(X_test)'];

ruleTester(thresholdDependentValidation, {
  valid: [
    {
      name: 'accuracy alongside ROC AUC',
      code: code(...FIT, 'print(accuracy_score(y_test, pred))', 'print(roc_auc_score(y_test, clf.predict_proba(X_test)[:, 1]))'),
    },
    {
      name: 'a ROC curve display',
      code: code(...FIT, 'print(f1_score(y_test, pred))', 'RocCurveDisplay.from_estimator(clf, X_test, y_test)'),
    },
    {
      name: 'a threshold-free scoring string',
      code: code(
        'print(cross_val_score(LogisticRegression(), X, y, scoring="accuracy"))',
        'print(cross_val_score(LogisticRegression(), X, y, scoring="roc_auc"))',
      ),
    },
    {
      name: 'a boosting eval metric in a params dict',
      code: code('params = {"objective": "binary", "metric": "auc"}', ...FIT, 'print(accuracy_score(y_test, pred))'),
    },
    {
      name: 'multi-class averaging',
      code: code(...FIT, 'print(f1_score(y_test, pred, average="macro"))'),
    },
    {
      name: 'a multi-class dataset',
      code: code('X, y = load_iris(return_X_y=True)', ...FIT, 'print(accuracy_score(y_test, pred))'),
    },
    {
      name: 'a regressor score is not a threshold metric',
      code: code('reg = Ridge().fit(X, y)', 'print(reg.score(X, y))'),
    },
    {
      name: 'no scikit-learn import',
      code: 'from mymetrics import accuracy_score\nprint(accuracy_score(a, b))',
    },
  ],
  invalid: [
    {
      name: 'accuracy and F1 only',
      code: code(...FIT, 'print(accuracy_score(y_test, pred))', 'print(f1_score(y_test, pred))'),
      errors: [{ line: L(3), column: 7, message: /^The classifier is evaluated only with threshold metrics \(accuracy_score, f1_score\)/ }],
    },
    {
      name: "a classifier's .score()",
      code: code('clf = LogisticRegression()', 'clf.fit(X, y)', 'print(clf.score(X_test, y_test))'),
      errors: [{ line: L(3), column: 7, message: /\(\.score\(\)\)/ }],
    },
    {
      name: 'a threshold scoring string in a search',
      code: code('grid = GridSearchCV(LogisticRegression(), {"C": [0.1, 1]}, scoring="f1")'),
      errors: [{ line: L(1), column: 8, message: /\(scoring\)/ }],
    },
    {
      name: 'a report and a confusion matrix',
      code: code(...FIT, 'print(confusion_matrix(y_test, pred))', 'print(classification_report(y_test, pred))'),
      errors: [{ line: L(3), column: 7 }],
    },
    {
      name: 'in a notebook, at the first metric',
      path: 'x.ipynb',
      code: notebook([IMPORTS, FIT.join('\n'), 'accuracy_score(y_test, pred)', 'f1_score(y_test, pred)']),
      errors: [{ cell: 3, line: 1, column: 1 }],
    },
  ],
});
