import hero from '../assets/hero.png';

export default function Home() {
  return (
    <section>
      <h1>Welcome to the shop</h1>
      <img src={hero} alt="" className="hero" />
      <p>Everything ships the same day.</p>
    </section>
  );
}
