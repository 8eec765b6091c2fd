import { lazy, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router';
import logo from './assets/logo.svg';
import { RELEASE_BANNER } from './release.js';

// Each page is its own lazily loaded chunk: a user on an old index.html still needs the old
// chunks after a deploy, which is why the sync keeps earlier releases' assets.
const Home = lazy(() => import('./pages/Home.jsx'));
const Products = lazy(() => import('./pages/Products.jsx'));
const About = lazy(() => import('./pages/About.jsx'));

export default function App() {
  return (
    <div className="shell">
      <header>
        <img src={logo} alt="Shop" width="32" height="32" />
        <nav>
          <Link to="/">Home</Link>
          <Link to="/products">Products</Link>
          <Link to="/about">About</Link>
        </nav>
        <span className="release">{RELEASE_BANNER}</span>
      </header>
      <main>
        <Suspense fallback={<p>Loading…</p>}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/products" element={<Products />} />
            <Route path="/about" element={<About />} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}
