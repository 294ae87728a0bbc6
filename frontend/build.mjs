// `npm run build`: compile the register's stylesheet and copy GOV.UK Frontend's
// and MOJ Frontend's scripts and images into build/static/register/, which
// Django serves (STATICFILES_DIRS) and whitenoise hashes and compresses.
// Nothing from the libraries is committed: node_modules/ and build/ are
// created by `make install` from the versions pinned in package-lock.json.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const modules = join(root, 'node_modules')
const out = join(root, 'build', 'static', 'register')

rmSync(out, { recursive: true, force: true })
mkdirSync(join(out, 'images'), { recursive: true })

const css = sass.compile(join(root, 'frontend', 'register.scss'), {
  importers: [new sass.NodePackageImporter(root)],
  // MOJ Frontend names GOV.UK Frontend as node_modules/govuk-frontend/...
  loadPaths: [root],
  style: 'compressed',
  quietDeps: true,
  sourceMap: false,
  // The libraries' own deprecation notices (MOJ Frontend calling GOV.UK
  // Frontend) are for their maintainers; the register's own are shown.
  logger: {
    warn (message, { stack = '' }) {
      if (!stack.trimStart().startsWith('node_modules/')) console.warn(message, stack)
    }
  }
})
writeFileSync(join(out, 'register.css'), css.css)

// The libraries' ES modules, with their source maps (the maps are named in
// the scripts, and Django's manifest storage checks every name it finds).
const scripts = [
  ['govuk-frontend/dist/govuk', 'govuk-frontend.min.js'],
  ['@ministryofjustice/frontend/moj', 'moj-frontend.min.js']
]
for (const [folder, name] of scripts) {
  for (const file of [name, `${name}.map`]) {
    cpSync(join(modules, folder, file), join(out, file))
  }
}

// Images only: the register is not on GOV.UK, so no GDS Transport font.
// MOJ Frontend points GOV.UK Frontend's image path at the same folder.
cpSync(join(modules, 'govuk-frontend/dist/govuk/assets/images'), join(out, 'images'), { recursive: true })
cpSync(join(modules, '@ministryofjustice/frontend/moj/assets/images'), join(out, 'images'), { recursive: true })

// The register's own scripts (no inline script: the CSP forbids it).
for (const file of ['body-class.js', 'init.mjs', 'favicon.svg']) {
  cpSync(join(root, 'frontend', file), join(out, file))
}

console.log(`built ${out}`)
