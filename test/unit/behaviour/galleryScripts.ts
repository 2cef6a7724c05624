export const EXAMPLES = '/usr/share/doc/python-sklearn-doc/examples';

/**
 * scikit-learn gallery scripts (Debian's python-sklearn-doc) that run offline in a few seconds and
 * print or draw the same thing on every run. Picked by running all 285: each ran to completion
 * under 3 s, gave byte-identical stdout and figures over four runs, and has at least one finding
 * extract-config moves. Left out: downloads (fetch_*), timings printed or drawn (cluster/plot_digits_linkage.py,
 * cluster/plot_mini_batch_kmeans.py, compose/plot_feature_union.py), unseeded randomness
 * (gaussian_process/plot_gpr_noisy_targets.py draws different optimiser restarts on each run).
 */
export const GALLERY_SCRIPTS: readonly string[] = [
  'classification/plot_digits_classification.py',
  'classification/plot_lda_qda.py',
  'cluster/plot_affinity_propagation.py',
  'cluster/plot_agglomerative_dendrogram.py',
  'cluster/plot_cluster_iris.py',
  'cluster/plot_dbscan.py',
  'cluster/plot_digits_agglomeration.py',
  'cluster/plot_kmeans_silhouette_analysis.py',
  'cluster/plot_optics.py',
  'covariance/plot_lw_vs_oas.py',
  'cross_decomposition/plot_pcr_vs_pls.py',
  'datasets/plot_iris_dataset.py',
  'decomposition/plot_incremental_pca.py',
  'decomposition/plot_pca_3d.py',
  'ensemble/plot_random_forest_regression_multioutput.py',
  'ensemble/plot_voting_probas.py',
  'exercises/plot_cv_diabetes.py',
  'exercises/plot_digits_classification_exercise.py',
  'feature_selection/plot_feature_selection.py',
  'feature_selection/plot_feature_selection_pipeline.py',
  'linear_model/plot_lasso_and_elasticnet.py',
  'linear_model/plot_logistic.py',
  'miscellaneous/plot_estimator_representation.py',
  'miscellaneous/plot_isotonic_regression.py',
  'miscellaneous/plot_multilabel.py',
  'mixture/plot_gmm.py',
  'mixture/plot_gmm_covariances.py',
  'mixture/plot_gmm_pdf.py',
  'mixture/plot_gmm_sin.py',
  'model_selection/plot_confusion_matrix.py',
  'neighbors/plot_kde_1d.py',
  'neighbors/plot_lof_novelty_detection.py',
  'neighbors/plot_lof_outlier_detection.py',
  'neighbors/plot_nca_classification.py',
  'neighbors/plot_nca_illustration.py',
  'semi_supervised/plot_label_propagation_digits.py',
  'semi_supervised/plot_label_propagation_digits_active_learning.py',
  'svm/plot_linearsvc_support_vectors.py',
];
