export default function About() {
  return (
    <section>
      <h1>About us</h1>
      <p>A small shop with a React front end and a Django back end.</p>
    </section>
  );
}
