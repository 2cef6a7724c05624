/**
 * Legacy import paths and renamed APIs, mapped onto today's names, so that every rule sees one
 * name per API (`sklearn.cross_validation.train_test_split` is `sklearn.model_selection.train_test_split`).
 * Data only: `modernName` is applied by kb/classify.ts to the model's imports and calls before
 * anything is classified.
 */

/** Renamed names, exact (checked first). */
const RENAMED: Record<string, string> = {
  // sklearn.cross_validation (removed in 0.20): the label-based splitters became group-based.
  'sklearn.cross_validation.LabelKFold': 'sklearn.model_selection.GroupKFold',
  'sklearn.cross_validation.LabelShuffleSplit': 'sklearn.model_selection.GroupShuffleSplit',
  'sklearn.cross_validation.LeaveOneLabelOut': 'sklearn.model_selection.LeaveOneGroupOut',
  'sklearn.cross_validation.LeavePLabelOut': 'sklearn.model_selection.LeavePGroupsOut',
  // sklearn.preprocessing.Imputer (removed in 0.22).
  'sklearn.preprocessing.Imputer': 'sklearn.impute.SimpleImputer',
  'sklearn.preprocessing.imputation.Imputer': 'sklearn.impute.SimpleImputer',
  // sklearn.lda / sklearn.qda (removed in 0.19).
  'sklearn.lda.LDA': 'sklearn.discriminant_analysis.LinearDiscriminantAnalysis',
  'sklearn.qda.QDA': 'sklearn.discriminant_analysis.QuadraticDiscriminantAnalysis',
  // RandomizedPCA (removed in 0.20): PCA(svd_solver='randomized').
  'sklearn.decomposition.RandomizedPCA': 'sklearn.decomposition.PCA',
  // Mixture models (removed in 0.20).
  'sklearn.mixture.GMM': 'sklearn.mixture.GaussianMixture',
  'sklearn.mixture.DPGMM': 'sklearn.mixture.BayesianGaussianMixture',
  'sklearn.mixture.VBGMM': 'sklearn.mixture.BayesianGaussianMixture',
  'sklearn.metrics.scorer.make_scorer': 'sklearn.metrics.make_scorer',
  // pandas.
  'pandas.tools.plotting.scatter_matrix': 'pandas.plotting.scatter_matrix',
  'pandas.scatter_matrix': 'pandas.plotting.scatter_matrix',
};

/** Renamed modules: a prefix and what replaces it (the longest match wins). */
const MODULES: Array<[string, string]> = [
  ['sklearn.cross_validation', 'sklearn.model_selection'],
  ['sklearn.grid_search', 'sklearn.model_selection'],
  ['sklearn.learning_curve', 'sklearn.model_selection'],
  ['sklearn.externals.joblib', 'joblib'],
  ['sklearn.externals.six', 'six'],
  ['sklearn.lda', 'sklearn.discriminant_analysis'],
  ['sklearn.qda', 'sklearn.discriminant_analysis'],
  ['sklearn.ensemble.partial_dependence', 'sklearn.inspection'],
  ['sklearn.datasets.samples_generator', 'sklearn.datasets'],
  // Modules made private in 0.22 (their names are re-exported by the package).
  ['sklearn.preprocessing.data', 'sklearn.preprocessing'],
  ['sklearn.preprocessing.label', 'sklearn.preprocessing'],
  ['sklearn.preprocessing.imputation', 'sklearn.impute'],
  ['sklearn.ensemble.forest', 'sklearn.ensemble'],
  ['sklearn.ensemble.gradient_boosting', 'sklearn.ensemble'],
  ['sklearn.ensemble.weight_boosting', 'sklearn.ensemble'],
  ['sklearn.ensemble.bagging', 'sklearn.ensemble'],
  ['sklearn.tree.tree', 'sklearn.tree'],
  ['sklearn.linear_model.logistic', 'sklearn.linear_model'],
  ['sklearn.linear_model.base', 'sklearn.linear_model'],
  ['sklearn.svm.classes', 'sklearn.svm'],
  ['sklearn.neighbors.classification', 'sklearn.neighbors'],
  ['sklearn.neighbors.regression', 'sklearn.neighbors'],
  ['sklearn.metrics.classification', 'sklearn.metrics'],
  ['sklearn.metrics.regression', 'sklearn.metrics'],
  ['sklearn.metrics.ranking', 'sklearn.metrics'],
  ['sklearn.metrics.scorer', 'sklearn.metrics'],
  ['pandas.tools.plotting', 'pandas.plotting'],
];

const PREFIXES = [...MODULES].sort((a, b) => b[0].length - a[0].length);

/** Names already looked up (most names of a file repeat); cleared when it grows large, as in a long editor session. */
const known = new Map<string, string>();

/** The current name of a qualified name that uses a legacy path or a renamed API; the name itself otherwise. */
export function modernName(qualified: string): string {
  let modern = known.get(qualified);
  if (modern === undefined) {
    if (known.size > 50_000) known.clear();
    modern = lookUp(qualified);
    known.set(qualified, modern);
  }
  return modern;
}

function lookUp(qualified: string): string {
  const renamed = RENAMED[qualified];
  if (renamed) return renamed;
  if (!qualified.startsWith('sklearn.') && !qualified.startsWith('pandas.')) return qualified;
  for (const [from, to] of PREFIXES) {
    if (qualified === from) return to;
    if (qualified.startsWith(from + '.')) return modernName(to + qualified.slice(from.length));
  }
  return qualified;
}
