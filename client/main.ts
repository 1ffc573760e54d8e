// The web client's entry: the global styles (components render in light DOM, so their styles are
// global and scoped by element name; the sheet editor imports its own), the app shell, which pulls
// in every page, and the service worker that keeps the shell for offline reloads.
import './styles/base.css'
import './styles/follow-up.css'
import './app/ficha-app.js'
import { registerServiceWorker } from './app/service-worker.js'

registerServiceWorker()
