// The web client's entry: the global styles (components render in light DOM, so their styles are
// global and scoped by element name) and the app shell, which pulls in every page.
import './styles/base.css'
import './app/ficha-app.js'
