# The tutorial "PyMC and Aesara" (../shared/seed/000_f2b6cafe52b14321.txt) on kiln: its code
# cells in order, with only the import lines changed. Cells are separated by `# %%` (Jupyter's
# percent format); `run_cells.py` runs them as a notebook would, showing each cell's last value:
#
#   PYTHONPATH=build/python MPLBACKEND=Agg /usr/bin/python3 examples/python/run_cells.py examples/python/seed_tutorial.py

# %%
import kiln as aesara
import kiln.tensor as at
import kiln.pm as pm
import matplotlib.pyplot as plt
import numpy as np
import scipy.stats

# %%
x = at.scalar(name="x")
y = at.vector(name="y")
print(
    f"""
x type: {x.type}
x name = {x.name}
---
y type: {y.type}
y name = {y.name}
"""
)

# %%
z = x + y
z.name = "x + y"

# %%
w = at.log(z)
w.name = "log(x + y)"

# %%
aesara.dprint(w)

# %%
f = aesara.function(inputs=[x, y], outputs=w)

# %%
f(x=0, y=[1, np.e])

# %%
w.eval({x: 0, y: [1, np.e]})

# %%
w.eval({z: [1, np.e]})

# %%
a = at.scalar(name="a")
b = at.scalar(name="b")
c = a / b
c.name = "a / b"
aesara.dprint(c)

# %%
d = b * c
d.name = "b * c"
aesara.dprint(d)

# %%
g = aesara.function(inputs=[a, b], outputs=d)
aesara.dprint(g)

# %%
print(
    f"""
z type: {z.type}
z name = {z.name}
z owner = {z.owner}
z owner inputs = {z.owner.inputs}
z owner op = {z.owner.op}
z owner output = {z.owner.outputs}
"""
)

# %%
# start from the top
stack = [w]
while stack:
    print("---")
    var = stack.pop(0)
    print(f"Checking variable {var} of type {var.type}")
    # check variable is not a root variable
    if var.owner is not None:
        print(f" > Op is {var.owner.op}")
        # loop over the inputs
        for i, input in enumerate(var.owner.inputs):
            print(f" > Input {i} is {input}")
            stack.append(input)
    else:
        print(f" > {var} is a root variable")

# %%
aesara.dprint(w)

# %%
# get input tensors
list(aesara.graph.graph_inputs(graphs=[w]))

# %%
parent_of_w = w.owner.inputs[0]  # get z tensor
new_parent_of_w = at.exp(parent_of_w)  # modify the parent of w
new_parent_of_w.name = "exp(x + y)"

# %%
aesara.dprint(w)

# %%
new_w = aesara.clone_replace(output=[w], replace={parent_of_w: new_parent_of_w})[0]
new_w.name = "log(exp(x + y))"
aesara.dprint(new_w)

# %%
new_w.eval({x: 0, y: [1, np.e]})

# %%
f = aesara.function(inputs=[x, y], outputs=new_w)
aesara.dprint(f)

# %%
f(x=0, y=[1, np.e])

# %%
a = np.random.normal(loc=0, scale=1, size=1_000)
fig, ax = plt.subplots(figsize=(8, 6))
ax.hist(a, color="C0", bins=15)
ax.set(title="Samples from a normal distribution using numpy", ylabel="count");

# %%
y = at.random.normal(loc=0, scale=1, name="y")
y.type

# %%
aesara.dprint(y)

# %%
y.eval()

# %%
for i in range(10):
    print(f"Sample {i}: {y.eval()}")

# %%
x = pm.Normal.dist(mu=0, sigma=1)
aesara.dprint(x)

# %%
for i in range(10):
    print(f"Sample {i}: {x.eval()}")

# %%
fig, ax = plt.subplots(figsize=(8, 6))
ax.hist(pm.draw(x, draws=1_000), color="C1", bins=15)
ax.set(title="Samples from a normal distribution using pymc", ylabel="count");

# %%
with pm.Model() as model:
    z = pm.Normal(name="z", mu=np.array([0, 0]), sigma=np.array([1, 2]))
aesara.dprint(z)

# %%
model.basic_RVs

# %%
aesara.dprint(model.basic_RVs[0])

# %%
for i in range(10):
    print(f"Sample {i}: {z.eval()}")

# %%
for i in range(10):
    print(f"Sample {i}: {pm.draw(z)}")

# %%
fig, ax = plt.subplots(figsize=(8, 8))
z_draws = pm.draw(vars=z, draws=10_000)
ax.hist2d(x=z_draws[:, 0], y=z_draws[:, 1], bins=25)
ax.set(title="Samples Histogram");

# %%
model

# %%
z_value = at.vector(name="z")
z_logp = pm.logp(rv=z, value=z_value)

# %%
aesara.dprint(z_logp)

# %%
z_logp.eval({z_value: [0, 0]})

# %%
scipy.stats.norm.logpdf(x=np.array([0, 0]), loc=np.array([0, 0]), scale=np.array([1, 2]))

# %%
aesara.dprint(model.logp(sum=False))

# %%
logp_function = model.compile_logp(sum=False)

# %%
point = model.initial_point()
point

# %%
logp_function(point)

# %%
rv = scipy.stats.norm(0, 1)
# Equivalent to rv = pm.Normal("rv", 0, 1)
scipy.stats.norm(0, 1)

# %%
# Equivalent to rv_draw = pm.draw(rv, 3)
rv.rvs(3)

# %%
# Equivalent to rv_logp = pm.logp(rv, 1.25)
rv.logpdf(1.25)

# %%
with pm.Model() as model_2:
    mu = pm.Normal(name="mu", mu=0, sigma=2)
    sigma = pm.HalfNormal(name="sigma", sigma=3)
    x = pm.Normal(name="x", mu=mu, sigma=sigma)

# %%
model_2.rvs_to_values

# %%
model_2.value_vars

# %%
# extract values as aesara.tensor.var.TensorVariable
mu_value = model_2.rvs_to_values[mu]
sigma_log_value = model_2.rvs_to_values[sigma]
x_value = model_2.rvs_to_values[x]
# element-wise log-probability of the model (we do not take te sum)
logp_graph = at.stack(model_2.logp(sum=False))
# evaluate by passing concrete values
logp_graph.eval({mu_value: 0, sigma_log_value: -10, x_value: 0})

# %%
print(
    f"""
mu_value -> {scipy.stats.norm.logpdf(x=0, loc=0, scale=2)}
sigma_log_value -> {- 10 + scipy.stats.halfnorm.logpdf(x=np.exp(-10), loc=0, scale=3)}
x_value -> {scipy.stats.norm.logpdf(x=0, loc=0, scale=np.exp(-10))}
"""
)

# %%
model_2.compile_logp(sum=False)({"mu": 0, "sigma_log__": -10, "x": 0})
