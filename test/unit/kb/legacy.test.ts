import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config/types';
import { analyzeText, initEngine, withModel } from '../../../src/core/engine';
import { modernName } from '../../../src/core/kb/legacy';
import { pythonSource } from '../../../src/core/parse/source';

describe('kb/legacy: legacy scikit-learn paths and renamed APIs map onto today’s names', () => {
  before(() => initEngine());

  const names: Array<[string, string]> = [
    ['sklearn.cross_validation.train_test_split', 'sklearn.model_selection.train_test_split'],
    ['sklearn.cross_validation.StratifiedKFold', 'sklearn.model_selection.StratifiedKFold'],
    ['sklearn.cross_validation.cross_val_score', 'sklearn.model_selection.cross_val_score'],
    ['sklearn.cross_validation.LabelKFold', 'sklearn.model_selection.GroupKFold'],
    ['sklearn.grid_search.GridSearchCV', 'sklearn.model_selection.GridSearchCV'],
    ['sklearn.grid_search.RandomizedSearchCV', 'sklearn.model_selection.RandomizedSearchCV'],
    ['sklearn.learning_curve.learning_curve', 'sklearn.model_selection.learning_curve'],
    ['sklearn.preprocessing.Imputer', 'sklearn.impute.SimpleImputer'],
    ['sklearn.externals.joblib', 'joblib'],
    ['sklearn.externals.joblib.dump', 'joblib.dump'],
    ['sklearn.lda.LDA', 'sklearn.discriminant_analysis.LinearDiscriminantAnalysis'],
    ['sklearn.decomposition.RandomizedPCA', 'sklearn.decomposition.PCA'],
    ['sklearn.ensemble.forest.RandomForestClassifier', 'sklearn.ensemble.RandomForestClassifier'],
    ['sklearn.model_selection.train_test_split', 'sklearn.model_selection.train_test_split'],
    ['numpy.random.seed', 'numpy.random.seed'],
  ];
  for (const [legacy, today] of names) it(`${legacy} -> ${today}`, () => assert.equal(modernName(legacy), today));

  it('rewrites the imports, the import map and the calls before classification', () => {
    const code = [
      'from sklearn.cross_validation import train_test_split',
      'from sklearn import grid_search',
      'import sklearn.cross_validation',
      'a = train_test_split(X)',
      'g = grid_search.GridSearchCV(m, {})',
      'b = sklearn.cross_validation.KFold(5)',
    ].join('\n');
    withModel(pythonSource('l.py', code), (model) => {
      assert.equal(model.importMap.get('train_test_split'), 'sklearn.model_selection.train_test_split');
      assert.equal(model.importMap.get('grid_search'), 'sklearn.model_selection');
      assert.deepEqual(
        model.calls.map((c) => c.qualified),
        ['sklearn.model_selection.train_test_split', 'sklearn.model_selection.GridSearchCV', 'sklearn.model_selection.KFold'],
      );
      assert.equal(model.calls[1]!.api?.kind, 'search');
    });
  });

  it('MLH301 and MLH401 fire through `from sklearn.cross_validation import train_test_split`', () => {
    const code = [
      'from sklearn.cross_validation import train_test_split',
      'from sklearn.preprocessing import StandardScaler',
      'X = StandardScaler().fit_transform(X)',
      'X_train, X_test, y_train, y_test = train_test_split(X, y)',
    ].join('\n');
    const config = { ...defaultConfig(), select: ['MLH301', 'MLH401'] };
    const codes = analyzeText('l.py', code, { config }).findings.map((f) => f.code);
    assert.deepEqual(codes.sort(), ['MLH301', 'MLH401']);
  });

  it('MLH401 fires through `sklearn.preprocessing.Imputer` and `sklearn.grid_search`', () => {
    const code = [
      'from sklearn.grid_search import GridSearchCV',
      'from sklearn.preprocessing import Imputer',
      'X = Imputer(strategy="median").fit_transform(X)',
      'GridSearchCV(SVC(), {"C": [1]}).fit(X, y)',
    ].join('\n');
    const config = { ...defaultConfig(), select: ['MLH401'] };
    const findings = analyzeText('l.py', code, { config }).findings;
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /cross-validation/);
  });
});
