import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loaderTarget, loaderText, locateLoader, locateParams, projectRoot } from '../../../src/core/params';
import { Project } from '../refactors/helpers';

describe('params files: where they go', () => {
  let project: Project;
  afterEach(() => project?.dispose());

  it('the project root is the nearest folder above the file with pyproject.toml, .git or the params file', () => {
    project = new Project({
      'a/pyproject.toml': '',
      'a/b/c/train.py': '',
      'd/.git/HEAD': '',
      'd/e/train.py': '',
      'f/params.toml': '',
      'f/g/train.py': '',
      'h/train.py': '',
    });
    assert.equal(projectRoot(project.path('a/b/c/train.py'), 'params.yaml'), project.path('a'));
    assert.equal(projectRoot(project.path('d/e/train.py'), 'params.yaml'), project.path('d'));
    assert.equal(projectRoot(project.path('f/g/train.py'), 'params.toml'), project.path('f'));
    assert.equal(locateParams(project.path('f/g/train.py'), { format: 'toml' }).path, project.path('f/params.toml'));
    // The editor does not look above the workspace folder.
    assert.equal(projectRoot(project.path('a/b/c/train.py'), 'params.yaml', project.path('a/b')), project.path('a/b/c'));
    assert.equal(projectRoot(project.path('a/b/c/train.py'), 'params.yaml', project.path('elsewhere')), project.path('a'));
  });

  it("falls back to the file's own folder without a marker; --params wins and its extension sets the format", () => {
    project = new Project({ 'h/train.py': '' });
    // The temporary folder lies under /tmp, where no marker is expected above it.
    const root = projectRoot(project.path('h/train.py'), 'params.yaml');
    assert.ok(root === project.path('h') || !root.startsWith(project.root), root);
    const explicit = locateParams(project.path('h/train.py'), { paramsPath: 'conf/p.json', cwd: project.root });
    assert.deepEqual(explicit, { path: join(project.root, 'conf/p.json'), format: 'json', text: null });
  });

  it("reuses a loader generated for the same params file; takes another name when params.py is someone else's", () => {
    project = new Project({ 'pyproject.toml': '', 'src/train.py': '', 'src/params.py': loaderText('params', '../params.yaml', 'yaml') });
    const ours = locateLoader(project.path('src/train.py'), project.path('params.yaml'));
    assert.deepEqual({ module: ours.module, exists: ours.exists }, { module: 'params', exists: true });
    const other = locateLoader(project.path('src/train.py'), project.path('conf/params.yaml'));
    assert.deepEqual(
      { module: other.module, exists: other.exists, relativeParams: other.relativeParams },
      { module: 'ml_params', exists: false, relativeParams: '../conf/params.yaml' },
    );
    project.write('src/ml_params/__init__.py', '');
    assert.equal(
      locateLoader(project.path('src/train.py'), project.path('conf/params.yaml')).module,
      'project_params',
      'a package of that name is taken too',
    );
    assert.equal(loaderTarget(loaderText('params', '../params.yaml', 'toml')), '../params.yaml');
    assert.equal(loaderTarget('import yaml\n'), null);
  });
});
