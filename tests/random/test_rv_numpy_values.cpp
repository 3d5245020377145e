// RandomVariable draws against NumPy 1.24: the json reference (normal, uniform, exponential,
// gamma, beta, poisson, binomial, integers) and values NumPy gave for the draws NumPy has
// beyond those (laplace, geometric, dirichlet, ...), all bit for bit. The table below came from
//   rng = numpy.random.default_rng(42); rng.<method>(<params>, size=...)
// (SciPy-defined ones from the same NumPy draws: halfnormal = 1 + 2 * abs(standard_normal),
// categorical = searchsorted(cumsum(p), uniform)); the multivariate normal within 1e-14,
// since the matrix product rounds differently.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::Var;

namespace {

struct NumpyCase {
  const char* name;
  std::vector<double> real;
  std::vector<std::int64_t> integer;
};

const std::vector<NumpyCase> numpy_cases = {
    {"normal_broadcast_3x2",
     {0.30471707975443135, 8.960015893759504, 0.7504511958064572, 10.940564716391213, -1.9510351886538364,
      8.697820493137682},
     {}},
    {"studentt_5",
     {0.48968077961378614, 0.9679905861688154, -0.024902633373061672, 0.8170873490395495, 0.6947681050011598,
      -0.7846008029025748},
     {}},
    {"cauchy",
     {-0.2930016698581793, 0.7978730040882357, 1.4982843597001279, -0.40424789785555826, 0.01969553613971374,
      1.1306339585249685},
     {}},
    {"halfcauchy_1_2",
     {1.5860033397163587, 2.595746008176471, 3.9965687194002557, 1.8084957957111165, 1.0393910722794275,
      3.261267917049937},
     {}},
    {"laplace_1_2",
     {2.5877572852834136, 0.7392287473869138, 3.526001268797544, 2.0041812970319457, -2.3388568280819664,
      7.041882873281189},
     {}},
    {"logistic_1_2",
     {3.4615712627710136, 0.5085698102635776, 4.60738653822512, 2.669591680475995, -3.5273277085604473,
      8.378817829909009},
     {}},
    {"gumbel_1_2",
     {0.20644393339980482, 2.0969936744344135, -0.3419542775542994, 0.6433096285423923, 5.627054676785422,
      -1.6242666459166766},
     {}},
    {"weibull_1p5",
     {1.794656893050126, 1.7606460812380325, 1.7849658315895707, 0.42778534056545525, 0.19549446343791463,
      1.2826537095649955},
     {}},
    {"pareto_3_plus_1",
     {2.228665259618174, 2.178703304272667, 2.214264586605614, 1.0977523413102308, 1.029231561046691,
      1.6229089252642819},
     {}},
    {"chisquare_3",
     {3.0554394899785056, 4.358928659107372, 2.6205388975367514, 2.2972265456113243, 4.795249613001758,
      2.4789023888119672},
     {}},
    {"triangular_0_1_3",
     {1.8354126444683423, 1.1651350563358385, 2.0789069099533397, 1.6524867994547079, 0.531537433924412,
      2.6175527615742737},
     {}},
    {"vonmises_0p5_2",
     {2.0156046999931245, 1.6965784456425403, 0.3570899324887584, 0.23978983189661607, 1.9415760234132486,
      0.27940937241159247},
     {}},
    {"vonmises_0p5_1em6",
     {2.9314539844061205, 2.6908454630916214, -1.8911902141955013, 1.9149281658956543, -1.5227610315575362,
      -0.2138908441904448},
     {}},
    {"vonmises_0p5_1e7",
     {0.5000963600013979, 0.4996711281493906, 0.5002373135051545, 0.5002974326790587, 0.49938302850087174,
      0.49958821468359205},
     {}},
    {"vonmises_0p5_1em9",
     {1.7213166190998062, -0.3840380893017967, 2.2531371815723604, 1.2400999002927888, -2.5498589250729733,
      2.9884233715702675},
     {}},
    {"lognormal_0p5_2",
     {3.032641917263423, 0.20598164574629751, 7.395726930580269, 10.817113169498452, 0.033304246176810576,
      0.12192380071031263},
     {}},
    {"halfnormal_1_2",
     {1.6094341595088628, 3.079968212480991, 2.5009023916129145, 2.8811294327824277, 4.902070377307673,
      3.604359013724636},
     {}},
    {"invgamma_3_2",
     {0.6258096172923042, 0.4890621731675839, 0.6942216474042867, 0.7577696556893851, 0.4570465157795589,
      0.7204729754023308},
     {}},
    {"geometric_0p5", {}, {3, 1, 3, 2, 1, 6}},
    {"geometric_0p1", {}, {23, 23, 23, 3, 1, 14}},
    {"negative_binomial_3_0p4", {}, {6, 4, 9, 6, 4, 3}},
    {"negative_binomial_2p5_0p9", {}, {1, 0, 1, 0, 1, 2}},
    {"bernoulli_0p3", {}, {1, 0, 1, 0, 0, 1}},
    {"betabinom_10_2_3", {}, {3, 2, 7, 5, 5, 4}},
    {"categorical_1_2_7", {}, {2, 2, 2, 2, 0, 2}},
    {"dirichlet_1_2_3",
     {0.3174762876184857, 0.08613712680247759, 0.5963865855790367, 0.24500107525101864, 0.30985890218429035,
      0.44514002256469104},
     {}},
    {"dirichlet_small",
     {0.957324777930032, 0.042675217795279156, 4.2746888302332416e-09, 3.855775227079375e-21, 0.9998203111869517,
      0.00017968881304830653},
     {}},
    {"multinomial_10", {}, {3, 2, 5, 3, 3, 4, 0, 7, 3}},
    {"mvnormal_cholesky",
     {1.4309350268754408, 1.134917703408299, 2.0612982590085993, 3.1451422944581804, -1.7591804244614058,
      0.0921275011953886},
     {}},
    {"integers_broadcast", {}, {0, 796, 6, 494}},
    {"poisson_broadcast", {}, {1, 2, 3, 49, 63, 57}},
};

const NumpyCase& numpy_case(const std::string& name) {
  for (const auto& c : numpy_cases)
    if (name == c.name) return c;
  throw std::runtime_error("no NumPy case " + name);
}

kiln::tensor::random::RVOptions seeded(kiln::Shape size, std::uint64_t seed = 42) {
  return {.size = std::move(size), .rng = kiln::random_generator_shared(seed)};
}

void check_equal(const Array& value, const NumpyCase& expected) {
  if (!expected.integer.empty()) {
    REQUIRE(value.dtype() == kiln::int64);
    CHECK(value.to_vector<std::int64_t>() == expected.integer);
  } else {
    REQUIRE(value.dtype() == kiln::float64);
    CHECK(value.to_vector<double>() == expected.real);
  }
}

}  // namespace

TEST_CASE("RV draws match NumPy's for every covered distribution", "[random][rv][numpy]") {
  namespace r = kt::random;
  const std::map<std::string, std::function<Var()>> builders = {
      {"normal_broadcast_3x2",
       [] {
         return r::normal(Array{0.0, 10.0}, 1.0, seeded({3, 2}));
       }},
      {"studentt_5", [] { return r::studentt(5, 0, 1, seeded({6})); }},
      {"cauchy", [] { return r::cauchy(0, 1, seeded({6})); }},
      {"halfcauchy_1_2", [] { return r::halfcauchy(1, 2, seeded({6})); }},
      {"laplace_1_2", [] { return r::laplace(1, 2, seeded({6})); }},
      {"logistic_1_2", [] { return r::logistic(1, 2, seeded({6})); }},
      {"gumbel_1_2", [] { return r::gumbel(1, 2, seeded({6})); }},
      {"weibull_1p5", [] { return r::weibull(1.5, seeded({6})); }},
      {"pareto_3_plus_1", [] { return r::pareto(3, 1, seeded({6})); }},
      {"chisquare_3", [] { return r::chisquare(3, seeded({6})); }},
      {"triangular_0_1_3", [] { return r::triangular(0, 1, 3, seeded({6})); }},
      {"vonmises_0p5_2", [] { return r::vonmises(0.5, 2, seeded({6})); }},
      {"vonmises_0p5_1em6", [] { return r::vonmises(0.5, 1e-6, seeded({6})); }},
      {"vonmises_0p5_1e7", [] { return r::vonmises(0.5, 1e7, seeded({6})); }},
      {"vonmises_0p5_1em9", [] { return r::vonmises(0.5, 1e-9, seeded({6})); }},
      {"lognormal_0p5_2", [] { return r::lognormal(0.5, 2, seeded({6})); }},
      {"halfnormal_1_2", [] { return r::halfnormal(1, 2, seeded({6})); }},
      {"invgamma_3_2", [] { return r::invgamma(3, 2, seeded({6})); }},
      {"geometric_0p5", [] { return r::geometric(0.5, seeded({6})); }},
      {"geometric_0p1", [] { return r::geometric(0.1, seeded({6})); }},
      {"negative_binomial_3_0p4", [] { return r::negative_binomial(3, 0.4, seeded({6})); }},
      {"negative_binomial_2p5_0p9", [] { return r::negative_binomial(2.5, 0.9, seeded({6})); }},
      {"bernoulli_0p3", [] { return r::bernoulli(0.3, seeded({6})); }},
      {"betabinom_10_2_3", [] { return r::betabinom(10, 2, 3, seeded({6})); }},
      {"categorical_1_2_7",
       [] {
         return r::categorical(Array{0.1, 0.2, 0.7}, seeded({6}));
       }},
      {"dirichlet_1_2_3",
       [] {
         return r::dirichlet(Array{1.0, 2.0, 3.0}, seeded({2}));
       }},
      {"dirichlet_small",
       [] {
         return r::dirichlet(Array{0.05, 0.08, 0.02}, seeded({2}));
       }},
      {"multinomial_10",
       [] {
         return r::multinomial(10, Array{0.2, 0.3, 0.5}, seeded({3}));
       }},
      {"integers_broadcast",
       [] {
         return r::integers(Array(std::vector<std::int64_t>{0, 100}), Array(std::vector<std::int64_t>{10, 1000}),
                            seeded({2, 2}));
       }},
      {"poisson_broadcast",
       [] {
         return r::poisson(Array{1.0, 50.0}.reshape({2, 1}), seeded({2, 3}));
       }},
  };
  for (const auto& [name, build] : builders) {
    INFO(name);
    check_equal(build().eval(), numpy_case(name));
  }
}

TEST_CASE("the multivariate normal matches NumPy's cholesky method", "[random][rv][numpy]") {
  auto y = kt::random::multivariate_normal(Array{1.0, 2.0}, Array{{2.0, 0.5}, {0.5, 1.0}}, seeded({3}));
  const Array value = y.eval();
  REQUIRE(value.shape() == kiln::Shape{3, 2});
  const auto& expected = numpy_case("mvnormal_cholesky").real;
  for (std::int64_t i = 0; i < 6; ++i)
    CHECK(value.get_as_double(i) == Approx(expected[static_cast<std::size_t>(i)]).epsilon(1e-14).margin(1e-14));
}

TEST_CASE("RV draws match the NumPy json reference for every seed", "[random][rv][numpy]") {
  std::ifstream in(KILN_SHARED_DIR "/reference/numpy_pcg64.json");
  REQUIRE(in);
  const auto cases = nlohmann::json::parse(in).at("cases");
  namespace r = kt::random;
  using Build = std::function<Var(kt::random::RVOptions)>;
  const std::map<std::string, Build> builders = {
      {"normal_loc1_scale2", [](auto o) { return r::normal(1, 2, o); }},
      {"standard_exponential", [](auto o) { return r::exponential(1.0, o); }},
      {"uniform_m1_3", [](auto o) { return r::uniform(-1, 3, o); }},
      {"standard_gamma_2p5", [](auto o) { return r::gamma(2.5, 1.0, o); }},
      {"gamma_0p5_scale2", [](auto o) { return r::gamma(0.5, 2, o); }},
      {"beta_2_3", [](auto o) { return r::beta(2, 3, o); }},
      {"poisson_3p5", [](auto o) { return r::poisson(3.5, o); }},
      {"poisson_40", [](auto o) { return r::poisson(40, o); }},
      {"binomial_10_0p3", [](auto o) { return r::binomial(10, 0.3, o); }},
      {"integers_0_10", [](auto o) { return r::integers(0, 10, o); }},
  };
  for (const auto& c : cases) {
    const auto seed = c.at("seed").get<std::uint64_t>();
    for (const auto& [key, build] : builders) {
      INFO("seed " << seed << " " << key);
      const auto& expected = c.at(key);
      const Array value = build(seeded({static_cast<std::int64_t>(expected.size())}, seed)).eval();
      for (std::size_t i = 0; i < expected.size(); ++i) {
        if (value.dtype() == kiln::int64)
          CHECK(value.get_as_int(static_cast<std::int64_t>(i)) == expected[i].get<std::int64_t>());
        else
          CHECK(value.get_as_double(static_cast<std::int64_t>(i)) == expected[i].get<double>());
      }
    }
  }
}
