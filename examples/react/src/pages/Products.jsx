import { useEffect, useState } from 'react';

export default function Products() {
  const [products, setProducts] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    fetch('/api/products/')
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((body) => setProducts(body.products))
      .catch((reason) => setError(String(reason)));
  }, []);
  if (error) return <p role="alert">Products could not be loaded: {error}</p>;
  if (!products) return <p>Loading products…</p>;
  return (
    <section>
      <h1>Products</h1>
      <ul>
        {products.map((product) => (
          <li key={product.id}>
            {product.name} — {product.price}
          </li>
        ))}
      </ul>
    </section>
  );
}
